//! The body of a letter as a tree of items.
//!
//! Markers and their usual depth in Vietnamese administrative writing:
//! Điều 1 (article), I. (Roman section), 1., 1.1., a), (1), paragraph, dash or
//! bullet, plus. A line nests under the nearest open item of a smaller depth;
//! an unnumbered paragraph nests under the current numbered item. Inline
//! enumerations "… : (1) … (2) …" inside one paragraph become child items.

use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The kind of marker that opened an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Marker {
    /// Điều 1.
    Article,
    /// I., II.
    Roman,
    /// 1., 2)
    Number,
    /// 1.1., 2.3.1
    SubNumber,
    /// a), b), đ)
    Letter,
    /// (1), (a)
    Paren,
    /// A paragraph without marker.
    Para,
    /// -, –
    Dash,
    /// ·, •, *
    Bullet,
    /// +
    Plus,
}

impl Marker {
    /// Depth in the usual hierarchy (smaller is outer).
    pub fn depth(self) -> u8 {
        match self {
            Marker::Article => 0,
            Marker::Roman => 1,
            Marker::Number => 2,
            Marker::SubNumber => 3,
            Marker::Letter => 4,
            Marker::Paren => 5,
            Marker::Para => 6,
            Marker::Dash | Marker::Bullet => 7,
            Marker::Plus => 8,
        }
    }

    /// Does this marker number an item (and so appear in an item path)?
    pub fn numbered(self) -> bool {
        matches!(
            self,
            Marker::Article
                | Marker::Roman
                | Marker::Number
                | Marker::SubNumber
                | Marker::Letter
                | Marker::Paren
        )
    }
}

/// One item of the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub marker: Marker,
    /// "1", "a", "II", "Điều 2", "1.2"; empty for paragraphs and bullets.
    pub label: String,
    /// The item's own text, marker removed.
    pub text: String,
    pub children: Vec<Node>,
}

fn re(cell: &'static OnceLock<Regex>, p: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(p).unwrap_or_else(|e| panic!("items regex: {e}")))
}

/// Split a line into its marker, label and text.
pub fn classify(line: &str) -> (Marker, String, String) {
    static ARTICLE: OnceLock<Regex> = OnceLock::new();
    static ROMAN: OnceLock<Regex> = OnceLock::new();
    static SUB: OnceLock<Regex> = OnceLock::new();
    static NUM: OnceLock<Regex> = OnceLock::new();
    static LETTER: OnceLock<Regex> = OnceLock::new();
    static PAREN: OnceLock<Regex> = OnceLock::new();
    let l = line.trim();
    let table: [(&Regex, Marker); 6] = [
        (
            re(&ARTICLE, r"^(?i:Điều)\s+(\d{1,3})\s*[.:]?\s*(.*)$"),
            Marker::Article,
        ),
        (re(&ROMAN, r"^([IVX]{1,5})[.)]\s*(.*)$"), Marker::Roman),
        (
            re(&SUB, r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(.*)$"),
            Marker::SubNumber,
        ),
        (re(&NUM, r"^(\d{1,2})[.)]\s*(.*)$"), Marker::Number),
        (re(&LETTER, r"^([a-zđ])\)\s*(.*)$"), Marker::Letter),
        (re(&PAREN, r"^\((\d{1,2}|[a-zđ])\)\s*(.*)$"), Marker::Paren),
    ];
    for (r, m) in table {
        if let Some(c) = r.captures(l) {
            let label = c.get(1).map_or("", |x| x.as_str());
            let text = c.get(2).map_or("", |x| x.as_str()).trim().to_string();
            // "1.5 triệu" or "2.000 người" are not items: a number item needs text
            // that does not start with a digit.
            if matches!(m, Marker::Number | Marker::SubNumber)
                && text.chars().next().is_some_and(|c| c.is_ascii_digit())
            {
                continue;
            }
            let label = if m == Marker::Article {
                format!("Điều {label}")
            } else {
                label.to_string()
            };
            return (m, label, text);
        }
    }
    let mut chars = l.chars();
    match chars.next() {
        Some('-' | '–' | '—') => (
            Marker::Dash,
            String::new(),
            chars.as_str().trim().to_string(),
        ),
        Some('·' | '•' | '*' | '▪' | '●' | '○') => (
            Marker::Bullet,
            String::new(),
            chars.as_str().trim().to_string(),
        ),
        Some('+') => (
            Marker::Plus,
            String::new(),
            chars.as_str().trim().to_string(),
        ),
        _ => (Marker::Para, String::new(), l.to_string()),
    }
}

/// Split "head: (1) first. (2) second." into the head and numbered parts, when
/// the parts run (1), (2), … in order.
pub fn split_inline(text: &str) -> Option<(String, Vec<(String, String)>)> {
    static P: OnceLock<Regex> = OnceLock::new();
    let p = re(&P, r"\((\d{1,2}|[ivx]{1,4})\)\s");
    // Numbers (1), (2) … or lowercase Roman numerals (i), (ii) … in order.
    const ROMAN: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    let label = |k: usize, roman: bool| {
        if roman {
            ROMAN.get(k - 1).map(|r| r.to_string())
        } else {
            Some(k.to_string())
        }
    };
    for roman in [false, true] {
        let mut cuts: Vec<(usize, usize, String)> = Vec::new();
        let mut want = 1;
        for m in p.captures_iter(text) {
            let (Some(all), Some(n)) = (m.get(0), m.get(1)) else {
                continue;
            };
            if label(want, roman).as_deref() == Some(n.as_str()) {
                cuts.push((all.start(), all.end(), n.as_str().to_string()));
                want += 1;
            }
        }
        if cuts.len() < 2 {
            continue;
        }
        let head = text[..cuts[0].0].trim().to_string();
        let mut parts = Vec::new();
        for (i, (_, end, n)) in cuts.iter().enumerate() {
            let stop = cuts.get(i + 1).map_or(text.len(), |c| c.0);
            parts.push((n.clone(), text[*end..stop].trim().to_string()));
        }
        return Some((head, parts));
    }
    None
}

/// A lettered item whose letter a scan misread as a symbol ("€) Sở Nội vụ:"
/// after "b)"): the line with the next letter in sequence.
fn misread_letter(line: &str, last: Option<char>) -> Option<String> {
    static M: OnceLock<Regex> = OnceLock::new();
    let m = re(&M, r"^[^\p{L}\p{N}\s(\-+·•*–—]\)\s+\p{Lu}");
    let t = line.trim_start();
    if !m.is_match(t) {
        return None;
    }
    let next = match last {
        Some(c) => {
            let letters = "abcdđeghiklmnopqrstuvxy";
            let i = letters.chars().position(|x| x == c)?;
            letters.chars().nth(i + 1)?
        }
        None => 'a',
    };
    let rest: String = t.chars().skip(1).collect();
    Some(format!("{next}{rest}"))
}

/// Words that cannot end a sentence (prepositions, conjunctions, the plural
/// "các"): a line ending with one was broken by the layout.
const DANGLING: &[&str] = &[
    "của", "và", "với", "các", "những", "cho", "tại", "theo", "về", "để", "đến", "từ", "trong",
    "trên", "là", "được", "bị", "hoặc", "cùng", "nhằm", "như", "thuộc", "vào",
];

/// Build the item tree from the body's lines.
pub fn build_tree(lines: &[&str]) -> Vec<Node> {
    // Flat list of (node, parent index) built with a stack of open items.
    let mut arena: Vec<(Node, Option<usize>)> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    // The last letter item seen: an OCR'd "€)" after "b)" is "c)".
    let mut last_letter: Option<char> = None;
    // The previous line was a paragraph's long line without final punctuation.
    let mut last_open_para = false;
    for line in lines {
        let fixed;
        let line = match misread_letter(line, last_letter) {
            Some(l) => {
                fixed = l;
                fixed.as_str()
            }
            None => line,
        };
        let (marker, label, text) = classify(line);
        if marker == Marker::Letter {
            last_letter = label.chars().next();
        }
        if text.is_empty() && label.is_empty() {
            continue;
        }
        // A line the layout broke off its sentence: the previous line ends with
        // a comma or this one starts in lowercase ("1. Chủ tịch UBND các tỉnh:
        // A," / "B và C chỉ đạo …"). It continues the previous item.
        // A paragraph's long line that stops without punctuation runs on into
        // the next plain line ("… Khánh Hòa, Gia" / "Lai và Lâm Đồng …").
        let runs_on = std::mem::replace(&mut last_open_para, false);
        if marker == Marker::Para {
            if let Some((prev, _)) = arena.last_mut() {
                if runs_on {
                    prev.text = format!("{} {}", prev.text.trim_end(), text);
                    last_open_para = line.trim().chars().count() >= 40
                        && !line.trim_end().ends_with(['.', ';', ':', '!', '?']);
                    continue;
                }
                let lower = text.chars().next().is_some_and(char::is_lowercase);
                let prev_t = prev.text.trim_end();
                // A preposition or conjunction never ends a sentence: "… chỉ
                // đạo của" / "Thủ tướng Chính phủ …".
                let dangling = prev_t
                    .rsplit(' ')
                    .next()
                    .is_some_and(|w| DANGLING.contains(&w.to_lowercase().as_str()));
                if prev_t.ends_with(',') || lower || dangling {
                    prev.text = format!("{} {}", prev.text.trim_end(), text);
                    last_open_para = prev.marker == Marker::Para
                        && line.trim().chars().count() >= 40
                        && !line.trim_end().ends_with(['.', ';', ':', '!', '?']);
                    continue;
                }
            }
        }
        let depth = marker.depth();
        while let Some(&top) = stack.last() {
            if arena[top].0.marker.depth() >= depth {
                stack.pop();
            } else {
                break;
            }
        }
        let parent = stack.last().copied();
        last_open_para = marker == Marker::Para
            && line.trim().chars().count() >= 40
            && !line.trim_end().ends_with(['.', ';', ':', '!', '?']);
        let (text, inline) = match split_inline(&text) {
            Some((head, parts)) => (head, parts),
            None => (text, Vec::new()),
        };
        arena.push((
            Node {
                marker,
                label,
                text,
                children: Vec::new(),
            },
            parent,
        ));
        let me = arena.len() - 1;
        for (label, text) in inline {
            arena.push((
                Node {
                    marker: Marker::Paren,
                    label,
                    text,
                    children: Vec::new(),
                },
                Some(me),
            ));
        }
        stack.push(me);
    }
    // Attach children to parents, last first so indices stay valid.
    let mut nodes: Vec<Option<Node>> = Vec::with_capacity(arena.len());
    let mut parents = Vec::with_capacity(arena.len());
    for (n, p) in arena {
        nodes.push(Some(n));
        parents.push(p);
    }
    let mut roots = Vec::new();
    for i in (0..nodes.len()).rev() {
        let Some(node) = nodes[i].take() else {
            continue;
        };
        match parents[i] {
            Some(p) => {
                if let Some(Some(parent)) = nodes.get_mut(p) {
                    parent.children.insert(0, node);
                }
            }
            None => roots.insert(0, node),
        }
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(classify("Điều 2. Giao Sở Nội vụ").0, Marker::Article);
        assert_eq!(classify("Điều 2. Giao Sở Nội vụ").1, "Điều 2");
        assert_eq!(classify("II. NHIỆM VỤ").1, "II");
        assert_eq!(classify("1.2. Tập huấn").0, Marker::SubNumber);
        assert_eq!(classify("3. Sở Y tế").2, "Sở Y tế");
        assert_eq!(classify("đ) Sở Xây dựng").1, "đ");
        assert_eq!(classify("(2) Rà soát").0, Marker::Paren);
        assert_eq!(classify("- Thời gian").0, Marker::Dash);
        assert_eq!(classify("· Công an tỉnh;").0, Marker::Bullet);
        assert_eq!(classify("+ Tổ chức").0, Marker::Plus);
        assert_eq!(classify("1.500 người tham gia").0, Marker::Para);
    }

    #[test]
    fn inline_enumeration() {
        let (head, parts) =
            split_inline("UBND xã: (1) Căn cứ vào số lượng, bố trí. (2) Rà soát (3) ngân sách.")
                .expect("split");
        assert_eq!(head, "UBND xã:");
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[1], ("2".to_string(), "Rà soát".to_string()));
        assert!(split_inline("theo mục (2) của Kế hoạch").is_none());
        let (_, parts) = split_inline("Bộ A khẩn trương: (i) Rà soát định mức; (ii) Đề xuất giá.")
            .expect("roman");
        assert_eq!(parts[1], ("ii".to_string(), "Đề xuất giá.".to_string()));
    }

    #[test]
    fn nesting() {
        let t = build_tree(&[
            "Chủ tịch yêu cầu:",
            "1. Về hạ tầng",
            "a) Sở A chủ trì.",
            "- Thời gian hoàn thành: Quý II/2026.",
            "b) Các sở; UBND xã",
            "Triển khai rà soát.",
            "- Thời gian hoàn thành: Trước ngày 20/12/2025.",
            "Tiếp tục số hóa.",
            "2. Sở B",
            "- Rà soát.",
            "+ chi tiết",
        ]);
        assert_eq!(t.len(), 3);
        let one = &t[1];
        assert_eq!(one.children.len(), 2);
        assert_eq!(one.children[0].children[0].marker, Marker::Dash);
        let b = &one.children[1];
        assert_eq!(b.children.len(), 2);
        assert_eq!(b.children[0].text, "Triển khai rà soát.");
        assert_eq!(b.children[0].children[0].marker, Marker::Dash);
        assert_eq!(t[2].children[0].children[0].marker, Marker::Plus);
        let t = build_tree(&["1. Nguồn lực", "a) Sở A", "b) Sở B", "€) Sở Nội vụ:"]);
        assert_eq!(t[0].children[2].label, "c");
        // A sentence the layout broke after a comma stays one item.
        let t = build_tree(&[
            "2. Giám đốc các Sở: Xây dựng, Công Thương,",
            "Tài chính chỉ đạo rà soát.",
            "Hoàn thành trong tháng.",
        ]);
        assert_eq!(
            t[0].text,
            "Giám đốc các Sở: Xây dựng, Công Thương, Tài chính chỉ đạo rà soát."
        );
        assert_eq!(t[0].children.len(), 1);
        // A paragraph's long line cut mid-name runs on into the next line.
        let t = build_tree(&[
            "Ủy ban nhân dân các huyện: Sơn Hà, Minh Long, Ba",
            "Tơ và Trà Bồng khẩn trương gửi báo cáo.",
            "Sở Tài chính tổng hợp.",
        ]);
        assert_eq!(t.len(), 2);
        assert!(t[0]
            .text
            .ends_with("Ba Tơ và Trà Bồng khẩn trương gửi báo cáo."));
    }
}
