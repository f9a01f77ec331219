//! Splitting text into the tokens the repairer works on, and their casing.
//!
//! A word is a run of letters and digits; OCR glue characters (`&`, `¢`, `§`, `’`, `'`)
//! stay inside a word when a letter comes before them, because an engine without
//! Vietnamese writes "sở" as "s&" and "thường" as "thu’ong". Everything else is
//! punctuation (one character each) or whitespace. Tokens are byte ranges into the
//! text, so the text between words is copied back exactly.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters (possibly with digits or glue characters).
    Word,
    /// Digits only.
    Number,
    /// One punctuation or symbol character.
    Punct,
    /// A run of whitespace; `newlines` counts the line breaks in it.
    Space { newlines: u32 },
}

/// One token: its kind and byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }
}

use super::syllable::{has_marks, is_letter, is_valid};

/// Characters an OCR engine writes for a Vietnamese letter it cannot read.
pub fn is_glue(c: char) -> bool {
    matches!(c, '&' | '¢' | '§' | '’' | '‘' | '\'' | '©' | '®' | '@')
}

/// Whether the `@` at byte `i` is an e-mail address's (letters, then a dot and more).
fn email_at(text: &str, i: usize, c: char) -> bool {
    if c != '@' {
        return false;
    }
    let rest = &text[i + 1..];
    let domain: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '.' || *c == '-')
        .collect();
    domain.contains('.') && !domain.ends_with('.')
}

fn is_syllable_with_marks(w: &str) -> bool {
    !w.is_empty() && has_marks(w) && is_valid(w)
}

/// Split `text` into tokens covering it completely.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 4);
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if c.is_whitespace() {
            let mut end = start + c.len_utf8();
            let mut newlines = u32::from(c == '\n');
            while let Some(&(i, d)) = it.peek() {
                if !d.is_whitespace() {
                    break;
                }
                newlines += u32::from(d == '\n');
                end = i + d.len_utf8();
                it.next();
            }
            out.push(Token {
                kind: Kind::Space { newlines },
                start,
                end,
            });
        } else if is_letter(c) || c.is_numeric() {
            let mut end = start + c.len_utf8();
            let mut letters = is_letter(c);
            let mut last_letter = is_letter(c);
            while let Some(&(i, d)) = it.peek() {
                if (is_letter(d) || d.is_numeric())
                    || (is_glue(d) && last_letter && !email_at(text, i, d))
                {
                    letters |= is_letter(d);
                    last_letter = is_letter(d);
                    end = i + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            // A footnote mark glued to a marked syllable (ương1, thục4) is a number of
            // its own; digits after unmarked letters are OCR'd letters (s6 = số).
            let word = &text[start..end];
            let letters_part = word.trim_end_matches(|c: char| c.is_ascii_digit());
            if letters && letters_part.len() < word.len() && is_syllable_with_marks(letters_part) {
                let cut = start + letters_part.len();
                out.push(Token {
                    kind: Kind::Word,
                    start,
                    end: cut,
                });
                out.push(Token {
                    kind: Kind::Number,
                    start: cut,
                    end,
                });
                continue;
            }
            // A trailing apostrophe is a quote, not part of the word.
            if word.ends_with('\'') && word.len() > 1 {
                end -= 1;
                out.push(Token {
                    kind: if letters { Kind::Word } else { Kind::Number },
                    start,
                    end,
                });
                out.push(Token {
                    kind: Kind::Punct,
                    start: end,
                    end: end + 1,
                });
                continue;
            }
            out.push(Token {
                kind: if letters { Kind::Word } else { Kind::Number },
                start,
                end,
            });
        } else {
            out.push(Token {
                kind: Kind::Punct,
                start,
                end: start + c.len_utf8(),
            });
        }
    }
    out
}

/// How a word is capitalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Lower,
    /// First letter upper, the rest not all upper.
    Title,
    /// Two or more letters, all upper.
    Upper,
}

/// The capitalisation of `word`.
pub fn case_of(word: &str) -> Case {
    let mut letters = word.chars().filter(|&c| is_letter(c));
    let Some(first) = letters.next() else {
        return Case::Lower;
    };
    let rest: Vec<char> = letters.collect();
    if first.is_uppercase() {
        // A capitals word with one letter OCR read small ("CHIiNH") is capitals.
        let small = rest.iter().filter(|c| !c.is_uppercase()).count();
        if !rest.is_empty() && (small == 0 || (rest.len() >= 4 && small == 1)) {
            Case::Upper
        } else {
            Case::Title
        }
    } else {
        Case::Lower
    }
}

/// `lower` written with capitalisation `case`.
pub fn apply_case(lower: &str, case: Case) -> String {
    match case {
        Case::Lower => lower.to_string(),
        Case::Upper => lower.to_uppercase(),
        Case::Title => {
            let mut cs = lower.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().chain(cs).collect(),
                None => String::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capitals_word_with_one_small_letter_stays_capitals() {
        assert_eq!(case_of("CHIiNH"), Case::Upper);
        assert_eq!(case_of("Chính"), Case::Title);
        assert_eq!(case_of("ThS"), Case::Title);
    }

    fn words(s: &str) -> Vec<&str> {
        tokenize(s)
            .into_iter()
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.text(s))
            .collect()
    }

    #[test]
    fn tokens_cover_the_text() {
        let s = "Kế hoạch số 02-KH/BCĐTW,\n  ngày 19/6/2025.";
        let toks = tokenize(s);
        let joined: String = toks.iter().map(|t| t.text(s)).collect();
        assert_eq!(joined, s);
        assert_eq!(words(s), ["Kế", "hoạch", "số", "KH", "BCĐTW", "ngày"]);
        assert!(toks.iter().any(|t| t.kind == Kind::Space { newlines: 1 }));
    }

    #[test]
    fn ocr_glue_stays_in_words() {
        assert_eq!(words("co s& Bao"), ["co", "s&", "Bao"]);
        assert_eq!(words("Thu’ong tryc"), ["Thu’ong", "tryc"]);
        assert_eq!(words("'quoted' & more"), ["quoted", "more"]);
        assert_eq!(words("s6 v6i"), ["s6", "v6i"]);
        assert_eq!(words("Thu@ng vu"), ["Thu@ng", "vu"]);
        assert_eq!(
            words("Trung ương1 về, tư thục4."),
            ["Trung", "ương", "về", "tư", "thục"]
        );
        assert_eq!(words("QH15 ph01"), ["QH15", "ph01"]);
        assert_eq!(
            words("ubnd@quangngai.gov.vn"),
            ["ubnd", "quangngai", "gov", "vn"]
        );
    }

    #[test]
    fn casing_round_trip() {
        assert_eq!(case_of("UBND"), Case::Upper);
        assert_eq!(case_of("Kinh"), Case::Title);
        assert_eq!(case_of("gui"), Case::Lower);
        assert_eq!(case_of("A"), Case::Title);
        assert_eq!(apply_case("kính", Case::Title), "Kính");
        assert_eq!(apply_case("bcđtw", Case::Upper), "BCĐTW");
        assert_eq!(apply_case("đạo", Case::Lower), "đạo");
    }
}
