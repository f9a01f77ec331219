//! The CSRF token: random per server start (from the OS), carried by every
//! form that POSTs, compared in constant time. A page from another site cannot
//! read it, so it cannot make the clerk's browser mark tasks or start ingests.

/// A new token: 32 random bytes as hex.
pub fn new_token() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness from the system: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether `given` is `token`, in time that does not depend on where they differ.
pub fn matches(token: &str, given: Option<&str>) -> bool {
    let Some(given) = given else {
        return false;
    };
    let (a, b) = (token.as_bytes(), given.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_compared_exactly() {
        let t = new_token().expect("token");
        assert_eq!(t.len(), 64);
        assert_ne!(t, new_token().expect("token"));
        assert!(matches(&t, Some(&t)));
        assert!(!matches(&t, None));
        assert!(!matches(&t, Some("")));
        let mut wrong = t.clone();
        wrong.replace_range(63.., if t.ends_with('0') { "1" } else { "0" });
        assert!(!matches(&t, Some(&wrong)));
    }
}
