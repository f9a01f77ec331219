//! Query strings and form bodies, read by hand so that every bad value gets
//! the desk's own 400 page, and the checks that keep request values away from
//! the file system: a path segment `..` or a value that looks like a path
//! outside the corpus (absolute, or climbing with `..`) is refused.

use super::WebError;

/// The decoded `key=value` pairs of a query string or a form body; an empty
/// value counts as absent, the last of repeated keys wins.
#[derive(Debug, Clone, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Parse `application/x-www-form-urlencoded` text.
    pub fn parse(raw: &str) -> Result<Params, WebError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)
            .map_err(|e| WebError::bad_request(format!("Tham số không đọc được: {e}")))?;
        for (k, v) in &pairs {
            if v.contains('\0') || k.contains('\0') {
                return Err(WebError::bad_request("Tham số chứa ký tự NUL."));
            }
        }
        Ok(Params(pairs))
    }

    /// A query string that may be absent.
    pub fn query(raw: Option<&str>) -> Result<Params, WebError> {
        Self::parse(raw.unwrap_or(""))
    }

    /// The value of `key`, trimmed; None when absent or blank.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// [`Params::get`] as an owned string.
    pub fn string(&self, key: &str) -> Option<String> {
        self.get(key).map(str::to_string)
    }

    /// A page number (1 when absent), at most `max`.
    pub fn page(&self, max: usize) -> Result<usize, WebError> {
        match self.get("page") {
            None => Ok(1),
            Some(p) => match p.parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(WebError::bad_request(format!(
                    "Số trang \"{p}\" không hợp lệ (từ 1 đến {max})."
                ))),
            },
        }
    }

    /// A date parameter, which must be YYYY-MM-DD.
    pub fn date(&self, key: &str) -> Result<Option<String>, WebError> {
        match self.get(key) {
            None => Ok(None),
            Some(d) if is_iso_date(d) => Ok(Some(d.to_string())),
            Some(d) => Err(WebError::bad_request(format!(
                "Ngày \"{d}\" ({key}) không đúng dạng YYYY-MM-DD."
            ))),
        }
    }
}

/// "YYYY-MM-DD" with a real month and day.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 10 && b[4] == b'-' && b[7] == b'-' && crate::index::schema::parse_date(s).is_some()
}

/// Whether a value reads as a file path reaching outside the corpus: absolute
/// ("/etc/passwd", "\\server\share", "C:\…", "C:/…") or with a `..` segment.
pub fn is_outside_path(v: &str) -> bool {
    let b = v.as_bytes();
    let drive =
        b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'/' | b'\\');
    v.starts_with('/')
        || v.starts_with('\\')
        || v.starts_with('~')
        || drive
        || v.split(['/', '\\']).any(|seg| seg.trim() == "..")
}

/// Refuse a request path with a `.` or `..` segment, a backslash or a NUL,
/// before or after percent-decoding (`/../etc/passwd`, `/%2e%2e/…`).
pub fn check_path(path: &str) -> Result<(), WebError> {
    let decoded = percent_decode(path);
    for p in [path, decoded.as_str()] {
        if p.contains('\\') || p.contains('\0') || p.split('/').any(|s| s == ".." || s == ".") {
            return Err(WebError::bad_request(
                "Đường dẫn không hợp lệ: trang web không đọc tệp theo đường dẫn.",
            ));
        }
    }
    Ok(())
}

/// `%XX` decoded (lossy UTF-8), for checking only.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encode pairs as a query string (without `?`), skipping absent values.
pub fn encode(pairs: &[(&str, Option<&str>)]) -> String {
    let present: Vec<(&str, &str)> = pairs
        .iter()
        .filter_map(|(k, v)| v.map(|v| (*k, v)))
        .collect();
    serde_urlencoded::to_string(present).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_corpus_are_recognised() {
        for bad in [
            "/etc/passwd",
            "../x",
            "a/../../b",
            "C:\\Windows",
            "\\\\srv\\s",
            "~/x",
        ] {
            assert!(is_outside_path(bad), "{bad}");
        }
        for ok in ["246/UBND-KGVX", "corpus/001.txt", "02-KH/BCĐTW", "001"] {
            assert!(!is_outside_path(ok), "{ok}");
        }
        assert!(check_path("/../etc/passwd").is_err());
        assert!(check_path("/%2e%2e/etc/passwd").is_err());
        assert!(check_path("/letters/%2E%2E").is_err());
        assert!(check_path("/letters/0123456789abcdef").is_ok());
    }
}
