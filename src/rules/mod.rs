//! Rule files (`rules/*.toml`): document kinds, numbering grammars, number
//! abbreviations, agencies, deadline phrases, task cues. Data, not code, so a
//! clerk in another province can extend them; each file documents its format
//! at its top and carries examples. The examples are run by the extractor
//! (`extract::check_examples`), by the tests on the bundled files and by
//! `pipeline::load_rules` on a `--rules` folder: this module parses and
//! compiles only, and depends on no stage.
//!
//! [`RuleSet::bundled`] uses the copy compiled into the binary; [`RuleSet::load`]
//! reads a folder; [`RuleSet::from_toml_strs`] takes (file name, text) pairs.
//! Every phrase is matched ignoring case and diacritics (see [`fold`]).

pub mod fold;

use regex::Regex;
use serde::Deserialize;
use std::path::Path;

/// The rule files, by name. All are required.
pub const FILES: [&str; 6] = [
    "kinds.toml",
    "numbers.toml",
    "abbreviations.toml",
    "agencies.toml",
    "deadlines.toml",
    "tasks.toml",
];

const BUNDLED: [(&str, &str); 6] = [
    ("kinds.toml", include_str!("../../rules/kinds.toml")),
    ("numbers.toml", include_str!("../../rules/numbers.toml")),
    (
        "abbreviations.toml",
        include_str!("../../rules/abbreviations.toml"),
    ),
    ("agencies.toml", include_str!("../../rules/agencies.toml")),
    ("deadlines.toml", include_str!("../../rules/deadlines.toml")),
    ("tasks.toml", include_str!("../../rules/tasks.toml")),
];

/// Why a rules folder could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("rules file {path}: {reason}")]
    Invalid { path: String, reason: String },
}

fn invalid(path: &str, reason: impl std::fmt::Display) -> RulesError {
    RulesError::Invalid {
        path: path.to_string(),
        reason: reason.to_string(),
    }
}

// ---- file formats -------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindsFile {
    number_words: Vec<String>,
    kind: Vec<KindEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindEntry {
    name: String,
    abbrev: String,
    names: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    number_decides: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NumbersFile {
    grammar: Vec<GrammarEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GrammarEntry {
    name: String,
    pattern: String,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    not_numbers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AbbrevFile {
    code: Vec<CodeEntry>,
    #[serde(default)]
    example: Vec<InOut>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeEntry {
    code: String,
    #[serde(default)]
    #[allow(dead_code)]
    means: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InOut {
    pub input: String,
    pub output: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AgenciesFile {
    #[serde(default)]
    agency: Vec<AgencyEntry>,
    shapes: ShapesEntry,
    titles: TitlesEntry,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AgencyEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShapesEntry {
    heads: Vec<String>,
    persons: Vec<String>,
    plural: Vec<String>,
    categories: Vec<String>,
    places: Vec<String>,
    lowercase: Vec<String>,
    #[serde(default)]
    proper: Vec<String>,
    #[serde(default)]
    functions: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TitlesEntry {
    names: Vec<String>,
    authority: Vec<String>,
    #[serde(default)]
    examples: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlinesFile {
    #[serde(default)]
    weekdays: Vec<Vec<String>>,
    #[serde(default)]
    frequency: Vec<FrequencyEntry>,
    phrase: Vec<PhraseEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrequencyEntry {
    name: String,
    words: Vec<String>,
}

/// The fixed parts of a recurring phrase's rule (deadlines.toml `rule = {…}`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    frequency: Option<String>,
    every: Option<u32>,
    month: Option<u32>,
    month_of_quarter: Option<u32>,
    day: Option<u32>,
    weekday: Option<u32>,
    hour: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseEntry {
    kind: String,
    scope: String,
    pattern: String,
    #[serde(default)]
    due: Option<String>,
    #[serde(default)]
    from_issue: bool,
    #[serde(default)]
    rule: Option<RuleEntry>,
    #[serde(default)]
    examples: Vec<ExampleEntry>,
}

/// A deadline example: `[text, kind, due]`, or a table that also gives the
/// letter's issue date and the rule a recurring deadline must carry.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ExampleEntry {
    Short(String, String, String),
    /// Read into [`DeadlineExample`] after, so that only a table (not a
    /// shorter list) is taken as one, and a bad key is named.
    Full(toml::Table),
}

/// A text with the deadline reading it must give (deadlines.toml `examples`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineExample {
    pub text: String,
    pub kind: String,
    /// Expected ISO due day; "" = none.
    #[serde(default)]
    pub due: String,
    /// The letter's issue date (ISO); absent = only the year 2026 is known.
    #[serde(default)]
    pub issued: Option<String>,
    /// The expected rule; checked only in the table form (absent = no rule).
    #[serde(default)]
    pub rule: Option<crate::letter::Recurrence>,
    #[serde(skip)]
    pub check_rule: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TasksFile {
    labels: LabelsEntry,
    cues: CuesEntry,
    closing: ClosingEntry,
    sections: SectionsEntry,
    #[serde(default)]
    example: Vec<TaskExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelsEntry {
    deadline: Vec<String>,
    lead: Vec<String>,
    coordinators: Vec<String>,
    other: Vec<String>,
    #[serde(default)]
    task: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CuesEntry {
    assign: Vec<String>,
    lead: Vec<String>,
    coordinate: Vec<String>,
    responsible: Vec<String>,
    action_verbs: Vec<String>,
    #[serde(default)]
    predicate: Vec<String>,
    context_verbs: Vec<String>,
    status_starts: Vec<String>,
    topic_starts: Vec<String>,
    heading_of: Vec<String>,
    #[serde(default)]
    report_back: Vec<String>,
    #[serde(default)]
    framing: Vec<String>,
    #[serde(default)]
    agent: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClosingEntry {
    patterns: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    not_closing: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionsEntry {
    non_directive: Vec<String>,
    report_kinds: Vec<String>,
    #[serde(default)]
    report_task_sections: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

/// A sentence with the task reading it must give (tasks.toml `[[example]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskExample {
    pub text: String,
    pub lead: Vec<String>,
    pub coordinators: Vec<String>,
    pub task: bool,
}

// ---- compiled rules -----------------------------------------------------

/// A document kind.
#[derive(Debug, Clone)]
pub struct Kind {
    /// Canonical name: "Kế hoạch".
    pub name: String,
    /// Code in numbers, with Đ: "KH", "NĐ".
    pub abbrev: String,
    /// Folded names written before a number.
    pub names: Vec<String>,
    pub examples: Vec<String>,
    /// The code in a document's own number names its kind even when its title
    /// names another: a consolidated text (VBHN) keeps the title of what it
    /// consolidates.
    pub number_decides: bool,
}

/// A numbering grammar, compiled.
#[derive(Debug, Clone)]
pub struct Grammar {
    pub name: String,
    pub re: Regex,
    pub examples: Vec<String>,
    pub not_numbers: Vec<String>,
    /// The fast way to find `re`'s matches, when `re` has Unicode word
    /// boundaries (see [`Grammar::find_all`]).
    fast: Option<FastGrammar>,
}

/// A grammar with Unicode `\b` split in two: `loose`, the pattern without its
/// word boundaries, which the lazy DFA runs over Vietnamese text, and `exact`,
/// the pattern itself, run only anchored where `loose` matches. The regex
/// engine's DFA gives up on Unicode `\b` at the first non-ASCII byte, so the
/// pattern as written is searched by the slow engines over the whole letter.
#[derive(Debug, Clone)]
struct FastGrammar {
    loose: regex_automata::meta::Regex,
    exact: regex_automata::meta::Regex,
}

impl FastGrammar {
    /// None when the pattern has no Unicode word boundary (nothing to gain)
    /// or either regex cannot be built (the plain regex is used then).
    fn new(pattern: &str, size_limit: usize) -> Option<FastGrammar> {
        use regex_automata::meta;
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .ok()?;
        if !hir
            .properties()
            .look_set()
            .contains(regex_syntax::hir::Look::WordUnicode)
        {
            return None;
        }
        let config = meta::Config::new().nfa_size_limit(Some(size_limit));
        let loose = meta::Builder::new()
            .configure(config.clone())
            .build_from_hir(&without_word_boundaries(&hir))
            .ok()?;
        // Anchored searches end where the match ends; the backtracker would
        // clear a visited set as long as the rest of the letter each time.
        let exact = meta::Builder::new()
            .configure(config.backtrack(false))
            .build_from_hir(&hir)
            .ok()?;
        Some(FastGrammar { loose, exact })
    }
}

/// `hir` with every Unicode word boundary (`\b`) made empty: it matches
/// wherever `hir` does (and more), with no look-around the DFA cannot do.
fn without_word_boundaries(hir: &regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Capture, Hir, HirKind, Look, Repetition};
    match hir.kind() {
        HirKind::Look(Look::WordUnicode) => Hir::empty(),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(without_word_boundaries(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(without_word_boundaries(&c.sub)),
            ..c.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(without_word_boundaries).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(without_word_boundaries).collect())
        }
        _ => hir.clone(),
    }
}

impl Grammar {
    /// Compile a grammar's pattern.
    pub fn new(
        name: String,
        pattern: &str,
        examples: Vec<String>,
        not_numbers: Vec<String>,
    ) -> Result<Grammar, regex::Error> {
        const SIZE_LIMIT: usize = 1 << 22;
        let re = regex::RegexBuilder::new(pattern)
            .size_limit(SIZE_LIMIT)
            .build()?;
        Ok(Grammar {
            name,
            re,
            examples,
            not_numbers,
            fast: FastGrammar::new(pattern, SIZE_LIMIT),
        })
    }

    /// The byte ranges of `re.find_iter(text)`, found faster. The leftmost
    /// match of the pattern starts where the pattern without its word
    /// boundaries first matches with the boundaries holding too, so `loose`
    /// proposes starts and `exact` confirms each anchored (in the whole
    /// text, so the boundaries see their neighbours).
    pub fn find_all(&self, text: &str) -> Vec<(usize, usize)> {
        use regex_automata::{Anchored, Input};
        let Some(fast) = &self.fast else {
            return self
                .re
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
        };
        let mut out = Vec::new();
        let mut pos = 0;
        while pos <= text.len() {
            let Some(m) = fast.loose.search(&Input::new(text).range(pos..)) else {
                break;
            };
            let start = m.start();
            let anchored = Input::new(text).range(start..).anchored(Anchored::Yes);
            match fast.exact.search(&anchored) {
                Some(e) if e.is_empty() => {
                    // Empty matches follow the iterator's own rules: leave
                    // them to it.
                    return self
                        .re
                        .find_iter(text)
                        .map(|m| (m.start(), m.end()))
                        .collect();
                }
                Some(e) => {
                    out.push((e.start(), e.end()));
                    pos = e.end();
                }
                None => {
                    // No match starts here: try from the next character.
                    pos = start + text[start..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        out
    }
}

/// A known agency.
#[derive(Debug, Clone)]
pub struct Agency {
    pub name: String,
    /// Folded aliases, the folded name included.
    pub keys: Vec<String>,
    pub examples: Vec<String>,
}

/// What a deadline phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Any,
    Label,
}

/// A deadline phrase, compiled on folded text.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub kind: crate::letter::DeadlineKind,
    pub scope: Scope,
    pub re: Regex,
    pub end_of_year: bool,
    /// The day counts only on or after the letter's issue date: the words
    /// also date past events ("vào ngày 5/11/2025 bão đổ bộ …").
    pub from_issue: bool,
    /// For kind recurring: the parts of the rule the phrase fixes; named
    /// groups of `re` fill in the others.
    pub rule: RuleParts,
    pub examples: Vec<DeadlineExample>,
}

/// Parts of a recurrence rule known before matching (see [`Phrase::rule`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleParts {
    pub frequency: Option<crate::letter::Frequency>,
    pub every: Option<u32>,
    pub month: Option<u32>,
    pub month_of_quarter: Option<u32>,
    pub day: Option<u32>,
    pub weekday: Option<u32>,
    pub hour: Option<u32>,
}

/// A list of phrases compiled into one regex on folded text, longest first.
#[derive(Debug, Clone)]
pub struct Phrases {
    /// Folded phrases.
    pub items: Vec<String>,
    /// The phrases as written, lowercase: a span with diacritics must be one of
    /// these ("giáo" is not the cue "giao").
    pub exact: std::collections::HashSet<String>,
    /// `\b(?:…)\b` over the folded phrases.
    pub any: Regex,
    /// `^(?:…)\b`.
    pub start: Regex,
}

impl Phrases {
    fn new(file: &str, list: &[String]) -> Result<Phrases, RulesError> {
        let mut items: Vec<String> = list
            .iter()
            .map(|s| fold::fold(s.trim()))
            .filter(|s| !s.is_empty())
            .collect();
        items.sort_by_key(|s| std::cmp::Reverse(s.len()));
        items.dedup();
        let alt = alternation(&items);
        let any = Regex::new(&format!(r"\b(?:{alt})\b")).map_err(|e| invalid(file, e))?;
        let start = Regex::new(&format!(r"^(?:{alt})\b")).map_err(|e| invalid(file, e))?;
        let exact = list.iter().map(|s| normal_span(s)).collect();
        Ok(Phrases {
            items,
            exact,
            any,
            start,
        })
    }

    /// Does folded `text` start with one of the phrases? Returns its length.
    pub fn starts(&self, folded: &str) -> Option<usize> {
        self.start.find(folded).map(|m| m.end())
    }

    /// Is this span of original text one of the phrases? A span without any
    /// diacritic (typed or OCR'd without marks) counts on its folded form; one
    /// with diacritics must carry the phrase's own.
    pub fn accepts(&self, span: &str) -> bool {
        let s = normal_span(span);
        self.exact.contains(&s) || !s.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
    }

    /// [`Phrases::starts`] on a folded text, checked against the original.
    pub fn starts_at(&self, f: &fold::Folded) -> Option<usize> {
        let n = self.starts(&f.folded)?;
        self.accepts(f.slice(0, n)).then_some(n)
    }

    /// Every accepted match in the folded text from byte `from`: (start, end).
    pub fn find_in(&self, f: &fold::Folded, from: usize) -> Vec<(usize, usize)> {
        self.any
            .find_iter(&f.folded[from..])
            .map(|m| (from + m.start(), from + m.end()))
            .filter(|&(s, e)| self.accepts(f.slice(s, e)))
            .collect()
    }
}

/// Lowercase, NFC, single spaces: how phrases and spans are compared exactly.
fn normal_span(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .flat_map(char::to_lowercase)
        .collect()
}

/// Labelled lines.
#[derive(Debug, Clone)]
pub struct Labels {
    pub deadline: Phrases,
    pub lead: Phrases,
    pub coordinators: Phrases,
    pub other: Phrases,
    /// Column names of the task itself in an appendix table ("Nhiệm vụ").
    pub task: Phrases,
}

/// Task cues.
#[derive(Debug, Clone)]
pub struct Cues {
    pub assign: Phrases,
    pub lead: Phrases,
    pub coordinate: Phrases,
    pub responsible: Phrases,
    pub action_verbs: Phrases,
    /// Words that open a predicate without being an action: a body's name
    /// ends before them ("Sở Nội vụ | là cơ quan thường trực").
    pub predicate: Phrases,
    pub context_verbs: Phrases,
    pub status_starts: Phrases,
    pub topic_starts: Phrases,
    pub heading_of: Phrases,
    /// A part of a clause opening with these reports the task back ("tổng
    /// hợp, báo cáo UBND tỉnh trước ngày 10/12"): its date is the whole task's.
    pub report_back: Phrases,
    /// A sentence opening with these frames its subject, named after a comma
    /// ("Trên cơ sở …, Bộ Tài chính rà soát …").
    pub framing: Phrases,
    /// The word naming the doer of a passive sentence ("Các nhiệm vụ tại mục
    /// này do | Sở Y tế | chủ trì thực hiện:"): with a lead cue after the
    /// body, the body leads the items that follow.
    pub agent: Phrases,
}

/// Body-name shapes.
#[derive(Debug, Clone)]
pub struct Shapes {
    /// Heads, folded.
    pub heads: Phrases,
    /// Heads as written, case- and diacritic-sensitive: `^(?:Sở|Công an|…)\b`.
    /// Names are capitalised, so "Công nghệ" after "và" is not "Công an".
    pub head_exact: Regex,
    /// Person titles as written: `^(?:Giám đốc|Trưởng|…)\b`.
    pub person_exact: Regex,
    pub persons: Phrases,
    pub plural: Phrases,
    /// A plural list opening a text: `^(<person> )?<plural> <units>:\s*`,
    /// the plural words of `[shapes] plural` (any case); see [`Shapes::plural_list`].
    plural_list: Regex,
    pub categories: Phrases,
    /// Place words of `[shapes] places`, folded ("xa", "dac khu").
    pub places: Vec<String>,
    /// The same, lowercase with their diacritics ("xã", "đặc khu").
    pub places_written: Vec<String>,
    /// A name ending on its place word, folded: up to three words, then a
    /// place word and a space ("du an tinh ").
    pub through_place: Regex,
    /// Words written in lowercase inside a name, folded: `[shapes] lowercase`
    /// and the places.
    pub lowercase: Vec<String>,
    /// Proper names capitalised wherever they stand in a name, as written
    /// (`[shapes] proper`: "Việt Nam", "Nhà nước").
    pub proper: Vec<String>,
    /// Functions a body is named by after "cơ quan"/"đơn vị" (`[shapes]
    /// functions`: "thanh tra", "tham mưu"), folded.
    pub functions: Phrases,
    pub examples: Vec<String>,
}

/// "Giám đốc các Sở: Y tế, Tư pháp" split into its parts by
/// [`Shapes::plural_list`]; whether the unit words name bodies is for the
/// caller to judge (`extract::assignees::plural_unit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PluralList<'a> {
    /// A title before the plural word ("Giám đốc"), trimmed.
    pub person: Option<&'a str>,
    /// The unit words between the plural word and the colon ("Sở", "xã, phường").
    pub head: &'a str,
    /// Byte offset where the names begin: after the colon and the spaces after it.
    pub names_from: usize,
}

impl Shapes {
    /// A list written from a plural word of `[shapes] plural` ("các") at the
    /// start of `text`: "Các Sở: Y tế, Tư pháp", "Chủ tịch UBND các xã, phường:
    /// A, B", "các xã ven biển: …". The one reading of that shape, for
    /// splitting a list of bodies and for finding where a clause's bodies end.
    pub fn plural_list<'a>(&self, text: &'a str) -> Option<PluralList<'a>> {
        let c = self.plural_list.captures(text)?;
        Some(PluralList {
            person: c.name("person").map(|m| m.as_str().trim()),
            head: c.name("head")?.as_str(),
            names_from: c.get(0)?.end(),
        })
    }
}

/// A regex alternation of phrases, in the order given (longest first lets
/// the longer phrase win); a space matches any run of spaces. An empty list
/// gives a pattern that matches nothing.
fn alternation(items: &[String]) -> String {
    if items.is_empty() {
        return r"[^\s\S]".to_string();
    }
    items
        .iter()
        .map(|s| regex::escape(s).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

/// Each word once, the longest first.
fn distinct_longest_first(mut words: Vec<String>) -> Vec<String> {
    words.sort();
    words.dedup();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words
}

/// The regex of [`Shapes::plural_list`] over the plural words as written.
fn plural_list_re(file: &str, plural: &[String]) -> Result<Regex, RulesError> {
    let words: Vec<String> = plural
        .iter()
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let alt = alternation(&distinct_longest_first(words));
    Regex::new(&format!(
        r"^(?P<person>[\p{{L}} ]{{0,30}}?\s)?(?i:{alt})\s+(?P<head>\p{{L}}+(?:\s\p{{L}}+){{0,3}}(?:,\s*\p{{L}}+(?:\s\p{{L}}+)?)*)\s*:\s*"
    ))
    .map_err(|e| invalid(file, format!("[shapes] plural: {e}")))
}

/// The regex of [`Shapes::through_place`] over the place words.
fn through_place_re(file: &str, places: &[String]) -> Result<Regex, RulesError> {
    let words: Vec<String> = places
        .iter()
        .map(|w| fold::fold(w.trim()))
        .filter(|w| !w.is_empty())
        .collect();
    let alt = alternation(&distinct_longest_first(words));
    Regex::new(&format!(r"^(?:\S+\s+){{0,3}}?(?:{alt})\s+"))
        .map_err(|e| invalid(file, format!("[shapes] places: {e}")))
}

/// All rules, loaded and compiled. `Sync`: share one across threads.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub kinds: Vec<Kind>,
    /// Folded words between a kind and its number ("so").
    pub number_words: Vec<String>,
    /// Folded: a kind name, optional "số", at the END of the text (look-behind
    /// for a number). Group 1: the kind name.
    pub kind_before: Regex,
    /// Folded: a kind name followed by "số" and a short number ("Kế hoạch số 02").
    pub kind_short: Regex,
    pub grammars: Vec<Grammar>,
    /// Number codes with Đ, keyed by their folded uppercase form ("BCD" → "BCĐ").
    pub codes: Vec<(String, String)>,
    pub code_examples: Vec<InOut>,
    pub agencies: Vec<Agency>,
    pub shapes: Shapes,
    /// Signer titles, canonical spelling.
    pub titles: Vec<String>,
    pub title_examples: Vec<(String, String)>,
    pub authority: Vec<String>,
    pub deadlines: Vec<Phrase>,
    /// Frequency words of deadlines.toml, folded with single spaces
    /// ("hang thang"), and what they mean.
    pub frequencies: Vec<(String, crate::letter::Frequency)>,
    /// Weekday names of deadlines.toml, folded ("thu sau"), and their ISO number.
    pub weekdays: Vec<(String, u32)>,
    pub labels: Labels,
    pub cues: Cues,
    pub closing: Vec<Regex>,
    pub closing_examples: (Vec<String>, Vec<String>),
    pub non_directive: Phrases,
    pub section_examples: Vec<String>,
    /// Folded kind names whose letters only hold tasks with explicit cues.
    pub report_kinds: Vec<String>,
    /// Headings of a report's sections that look ahead ("III. PHƯƠNG HƯỚNG,
    /// NHIỆM VỤ …"): an item there naming its body is a task, as in a letter.
    pub report_task_sections: Phrases,
    pub task_examples: Vec<TaskExample>,
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet::bundled()
    }
}

fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, RulesError> {
    toml::from_str(text).map_err(|e| invalid(name, e))
}

fn deadline_kind(file: &str, s: &str) -> Result<crate::letter::DeadlineKind, RulesError> {
    use crate::letter::DeadlineKind as K;
    Ok(match s {
        "none" => K::None,
        "date" => K::Date,
        "month" => K::Month,
        "quarter" => K::Quarter,
        "year" => K::Year,
        "recurring" => K::Recurring,
        "reference" => K::Reference,
        other => return Err(invalid(file, format!("unknown deadline kind {other:?}"))),
    })
}

/// Check the fixed parts of a phrase's rule: names known, numbers in range.
fn rule_parts(r: RuleEntry) -> Result<RuleParts, String> {
    let frequency = match r.frequency.as_deref() {
        None => None,
        Some(name) => Some(crate::letter::Frequency::from_name(name).ok_or_else(|| {
            format!(
                "rule.frequency {name:?}: expected daily, weekly, monthly, quarterly, yearly or continuous"
            )
        })?),
    };
    for (what, v, lo, hi) in [
        ("every", r.every, 1, 120),
        ("month", r.month, 1, 12),
        ("month_of_quarter", r.month_of_quarter, 1, 3),
        ("day", r.day, 1, 31),
        ("weekday", r.weekday, 1, 7),
        ("hour", r.hour, 0, 23),
    ] {
        if let Some(v) = v {
            if !(lo..=hi).contains(&v) {
                return Err(format!("rule.{what} = {v}: must be {lo}–{hi}"));
            }
        }
    }
    Ok(RuleParts {
        frequency,
        every: r.every,
        month: r.month,
        month_of_quarter: r.month_of_quarter,
        day: r.day,
        weekday: r.weekday,
        hour: r.hour,
    })
}

// ---- compiling each rules file (steps of RuleSet::from_toml_strs) ---------

/// Refuses a file name that is not one of [`FILES`].
fn check_file_names(files: &[(&str, &str)]) -> Result<(), RulesError> {
    for (n, _) in files {
        if !FILES.contains(n) {
            return Err(invalid(
                n,
                format!("unknown rules file (expected {FILES:?})"),
            ));
        }
    }
    Ok(())
}

/// The text of the rules file `name`, which must be given exactly once.
fn file_text<'a>(files: &[(&str, &'a str)], name: &str) -> Result<&'a str, RulesError> {
    let mut found = files.iter().filter(|(n, _)| *n == name);
    let first = found
        .next()
        .ok_or_else(|| invalid(name, "missing rules file"))?;
    if found.next().is_some() {
        return Err(invalid(name, "given twice"));
    }
    Ok(first.1)
}

/// A regex alternation of phrases in the order given, a space matching any
/// run of spaces; empty for an empty list (unlike [`alternation`]).
fn spaced_alternation(words: &[String]) -> String {
    words
        .iter()
        .map(|s| regex::escape(s).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

/// What kinds.toml compiles to.
struct KindRules {
    kinds: Vec<Kind>,
    number_words: Vec<String>,
    /// Every folded kind name, longest first (deadline patterns use them too).
    all_names: Vec<String>,
    kind_before: Regex,
    kind_short: Regex,
}

/// Compiles kinds.toml: the document kinds, the number words ("số") and the
/// regexes finding a kind before a number.
fn compile_kinds(text: &str) -> Result<KindRules, RulesError> {
    let f = "kinds.toml";
    let kf: KindsFile = parse(f, text)?;
    let mut kinds = Vec::new();
    for k in kf.kind {
        kinds.push(kind_of_entry(f, k)?);
    }
    let number_words: Vec<String> = kf
        .number_words
        .iter()
        .map(|w| fold::fold(w.trim()))
        .filter(|w| !w.is_empty())
        .collect();
    let mut all_names: Vec<String> = kinds.iter().flat_map(|k| k.names.clone()).collect();
    all_names.sort_by_key(|s| std::cmp::Reverse(s.len()));
    all_names.dedup();
    let names_alt = spaced_alternation(&all_names);
    let so_alt = number_words
        .iter()
        .map(|s| regex::escape(s))
        .collect::<Vec<_>>()
        .join("|");
    if names_alt.is_empty() || so_alt.is_empty() {
        return Err(invalid(f, "no kinds or no number_words"));
    }
    let kind_before = Regex::new(&format!(r"\b({names_alt})\s*(?:(?:{so_alt})\s*[:.]?\s*)?$"))
        .map_err(|e| invalid(f, e))?;
    let kind_short = Regex::new(&format!(
        r"\b({names_alt})\s+(?:{so_alt})\s*[:.]?\s*(\d{{1,6}})\b"
    ))
    .map_err(|e| invalid(f, e))?;
    Ok(KindRules {
        kinds,
        number_words,
        all_names,
        kind_before,
        kind_short,
    })
}

/// One `[[kind]]` of kinds.toml, its names folded (the main name included).
fn kind_of_entry(f: &str, k: KindEntry) -> Result<Kind, RulesError> {
    if k.name.trim().is_empty() || k.abbrev.trim().is_empty() {
        return Err(invalid(f, "a kind needs a name and an abbrev"));
    }
    let mut names: Vec<String> = k.names.iter().map(|n| fold::fold(n.trim())).collect();
    names.push(fold::fold(&k.name));
    names.retain(|n| !n.is_empty());
    names.dedup();
    Ok(Kind {
        name: k.name,
        abbrev: k.abbrev,
        names,
        examples: k.examples,
        number_decides: k.number_decides,
    })
}

/// Compiles numbers.toml: the numbering grammars (at least one).
fn compile_numbers(text: &str) -> Result<Vec<Grammar>, RulesError> {
    let f = "numbers.toml";
    let nf: NumbersFile = parse(f, text)?;
    let mut grammars = Vec::new();
    for g in nf.grammar {
        let name = g.name.clone();
        let grammar = Grammar::new(g.name, &g.pattern, g.examples, g.not_numbers)
            .map_err(|e| invalid(f, format!("grammar {name:?}: {e}")))?;
        grammars.push(grammar);
    }
    if grammars.is_empty() {
        return Err(invalid(f, "no [[grammar]]"));
    }
    Ok(grammars)
}

/// What abbreviations.toml compiles to.
struct AbbrevRules {
    /// See [`RuleSet::codes`].
    codes: Vec<(String, String)>,
    examples: Vec<InOut>,
}

/// Compiles abbreviations.toml: number codes keyed by their folded
/// uppercase form, longest first.
fn compile_abbreviations(text: &str) -> Result<AbbrevRules, RulesError> {
    let f = "abbreviations.toml";
    let af: AbbrevFile = parse(f, text)?;
    let mut codes: Vec<(String, String)> = af
        .code
        .into_iter()
        .filter(|c| !c.code.trim().is_empty())
        .map(|c| {
            (
                fold::fold(c.code.trim()).to_uppercase(),
                c.code.trim().to_string(),
            )
        })
        .collect();
    codes.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
    Ok(AbbrevRules {
        codes,
        examples: af.example,
    })
}

/// What agencies.toml compiles to.
struct AgencyRules {
    agencies: Vec<Agency>,
    shapes: Shapes,
    titles: Vec<String>,
    title_examples: Vec<(String, String)>,
    authority: Vec<String>,
}

/// Compiles agencies.toml: known agencies, body-name shapes and signer
/// titles (longest first).
fn compile_agencies(text: &str) -> Result<AgencyRules, RulesError> {
    let f = "agencies.toml";
    let gf: AgenciesFile = parse(f, text)?;
    let agencies = gf.agency.into_iter().map(agency_of_entry).collect();
    let shapes = compile_shapes(f, gf.shapes)?;
    let mut titles = gf.titles.names;
    titles.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    Ok(AgencyRules {
        agencies,
        shapes,
        titles,
        title_examples: gf.titles.examples,
        authority: gf.titles.authority,
    })
}

/// One `[[agency]]` of agencies.toml, keyed by its folded aliases and name.
fn agency_of_entry(a: AgencyEntry) -> Agency {
    let mut keys: Vec<String> = a.aliases.iter().map(|s| fold::fold(s.trim())).collect();
    keys.push(fold::fold(a.name.trim()));
    Agency {
        name: a.name,
        keys,
        examples: a.examples,
    }
}

/// The `[shapes]` table of agencies.toml, compiled.
fn compile_shapes(f: &str, s: ShapesEntry) -> Result<Shapes, RulesError> {
    Ok(Shapes {
        head_exact: exact_start_re(f, &s.heads)?,
        person_exact: exact_start_re(f, &s.persons)?,
        heads: Phrases::new(f, &s.heads)?,
        persons: Phrases::new(f, &s.persons)?,
        plural: Phrases::new(f, &s.plural)?,
        plural_list: plural_list_re(f, &s.plural)?,
        categories: Phrases::new(f, &s.categories)?,
        places: s.places.iter().map(|p| fold::fold(p.trim())).collect(),
        places_written: s.places.iter().map(|p| p.trim().to_lowercase()).collect(),
        through_place: through_place_re(f, &s.places)?,
        lowercase: (s.lowercase.iter())
            .chain(&s.places)
            .map(|p| fold::fold(p.trim()))
            .collect(),
        proper: s.proper.iter().map(|p| p.trim().to_string()).collect(),
        functions: Phrases::new(f, &s.functions)?,
        examples: s.examples,
    })
}

/// `^(?:…)\b` over phrases as written (case- and diacritic-sensitive),
/// longest first; matches nothing for an empty list.
fn exact_start_re(f: &str, list: &[String]) -> Result<Regex, RulesError> {
    let mut v: Vec<String> = list
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| regex::escape(s).replace(' ', r"\s+"))
        .collect();
    v.sort_by_key(|s| std::cmp::Reverse(s.len()));
    if v.is_empty() {
        v.push(r"[^\s\S]".into());
    }
    Regex::new(&format!(r"^(?:{})\b", v.join("|"))).map_err(|e| invalid(f, e))
}

/// What deadlines.toml compiles to.
struct DeadlineRules {
    phrases: Vec<Phrase>,
    frequencies: Vec<(String, crate::letter::Frequency)>,
    weekdays: Vec<(String, u32)>,
}

/// The alternations a deadline pattern's placeholders (`{kinds}`,
/// `{frequency}`, `{weekday}`) stand for.
struct Placeholders {
    kinds: String,
    frequency: String,
    weekday: String,
}

/// Compiles deadlines.toml: frequency words, weekday names and the deadline
/// phrases, whose `{kinds}` are the folded kind names `all_names`.
fn compile_deadlines(text: &str, all_names: &[String]) -> Result<DeadlineRules, RulesError> {
    let f = "deadlines.toml";
    let df: DeadlinesFile = parse(f, text)?;
    let kinds = spaced_alternation(all_names);
    let frequencies = frequency_words(f, &df.frequency)?;
    let weekdays = weekday_names(f, &df.weekdays)?;
    let holders = Placeholders {
        kinds,
        frequency: longest_first_alternation(frequencies.iter().map(|(w, _)| w.clone()).collect()),
        weekday: longest_first_alternation(weekdays.iter().map(|(w, _)| w.clone()).collect()),
    };
    let mut phrases = Vec::new();
    for p in df.phrase {
        phrases.push(compile_phrase(f, p, &holders)?);
    }
    Ok(DeadlineRules {
        phrases,
        frequencies,
        weekdays,
    })
}

/// Folded, with single spaces between words.
fn folded_words(s: &str) -> String {
    fold::fold(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// [`spaced_alternation`] of the words, longest first, a repeat next to its
/// twin dropped.
fn longest_first_alternation(mut words: Vec<String>) -> String {
    words.sort_by_key(|s| std::cmp::Reverse(s.len()));
    words.dedup();
    spaced_alternation(&words)
}

/// The `[[frequency]]` words of deadlines.toml, folded, with what they mean;
/// a word may not mean two frequencies.
fn frequency_words(
    f: &str,
    entries: &[FrequencyEntry],
) -> Result<Vec<(String, crate::letter::Frequency)>, RulesError> {
    let mut frequencies: Vec<(String, crate::letter::Frequency)> = Vec::new();
    for e in entries {
        let fq = crate::letter::Frequency::from_name(e.name.trim()).ok_or_else(|| {
            invalid(
                f,
                format!(
                    "[[frequency]] name {:?}: expected daily, weekly, monthly, quarterly, yearly or continuous",
                    e.name
                ),
            )
        })?;
        for w in &e.words {
            let w = folded_words(w);
            if w.is_empty() {
                return Err(invalid(
                    f,
                    format!("[[frequency]] {:?}: an empty word", e.name),
                ));
            }
            if let Some((_, other)) = frequencies.iter().find(|(x, _)| *x == w) {
                if *other != fq {
                    return Err(invalid(
                        f,
                        format!(
                            "frequency word {w:?} is both {} and {}",
                            other.name(),
                            fq.name()
                        ),
                    ));
                }
            }
            frequencies.push((w, fq));
        }
    }
    Ok(frequencies)
}

/// The `weekdays` names of deadlines.toml, folded, with their ISO day number
/// (the list's first entry is Monday, 1).
fn weekday_names(f: &str, days: &[Vec<String>]) -> Result<Vec<(String, u32)>, RulesError> {
    if days.len() > 7 {
        return Err(invalid(f, "weekdays: more than 7 days"));
    }
    let mut weekdays = Vec::new();
    for (i, names) in days.iter().enumerate() {
        for n in names {
            let w = folded_words(n);
            if w.is_empty() {
                return Err(invalid(
                    f,
                    format!("weekdays: an empty name for day {}", i + 1),
                ));
            }
            weekdays.push((w, i as u32 + 1));
        }
    }
    Ok(weekdays)
}

/// One `[[phrase]]` of deadlines.toml: its pattern folded, placeholders
/// filled in and compiled; a recurring phrase's rule checked.
fn compile_phrase(f: &str, p: PhraseEntry, holders: &Placeholders) -> Result<Phrase, RulesError> {
    let kind = deadline_kind(f, &p.kind)?;
    let scope = match p.scope.as_str() {
        "any" => Scope::Any,
        "label" => Scope::Label,
        other => return Err(invalid(f, format!("unknown scope {other:?}"))),
    };
    let end_of_year = match p.due.as_deref() {
        None => false,
        Some("end_of_year") => true,
        Some(other) => return Err(invalid(f, format!("unknown due {other:?}"))),
    };
    let here = |reason: String| invalid(f, format!("pattern {:?}: {reason}", p.pattern));
    let re = phrase_regex(&p.pattern, holders).map_err(here)?;
    let rule = match p.rule {
        None => RuleParts::default(),
        Some(r) => {
            if kind != crate::letter::DeadlineKind::Recurring {
                return Err(here("`rule` is only for kind \"recurring\"".into()));
            }
            rule_parts(r).map_err(here)?
        }
    };
    if kind == crate::letter::DeadlineKind::Recurring
        && rule.frequency.is_none()
        && re.capture_names().all(|n| n != Some("frequency"))
    {
        return Err(here(
            "a recurring phrase needs rule.frequency or {frequency} in its pattern".into(),
        ));
    }
    let mut examples = Vec::new();
    for e in p.examples {
        examples.push(deadline_example(e).map_err(here)?);
    }
    Ok(Phrase {
        kind,
        scope,
        re,
        end_of_year,
        from_issue: p.from_issue,
        rule,
        examples,
    })
}

/// A deadline pattern folded, its placeholders filled in, compiled; the
/// error says why (a placeholder with nothing to stand for, a bad regex).
fn phrase_regex(pattern: &str, holders: &Placeholders) -> Result<Regex, String> {
    for (holder, alt) in [
        ("{frequency}", &holders.frequency),
        ("{weekday}", &holders.weekday),
    ] {
        if pattern.contains(holder) && alt.is_empty() {
            return Err(format!("{holder} but the file lists none"));
        }
    }
    let pattern = fold::fold_pattern(pattern)
        .replace("{kinds}", &holders.kinds)
        .replace(
            "{frequency}",
            &format!("(?P<frequency>{})", holders.frequency),
        )
        .replace("{weekday}", &format!("(?P<weekday>{})", holders.weekday));
    regex::RegexBuilder::new(&pattern)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| e.to_string())
}

/// One example of a deadline phrase: the short `[text, kind, due]` form, or
/// the table form, whose rule is then checked too.
fn deadline_example(e: ExampleEntry) -> Result<DeadlineExample, String> {
    Ok(match e {
        ExampleEntry::Short(text, kind, due) => DeadlineExample {
            text,
            kind,
            due,
            issued: None,
            rule: None,
            check_rule: false,
        },
        ExampleEntry::Full(t) => {
            let shown = t.to_string().replace('\n', " ");
            let x: DeadlineExample = toml::Value::Table(t)
                .try_into()
                .map_err(|e| format!("example {{ {} }}: {e}", shown.trim()))?;
            DeadlineExample {
                check_rule: true,
                ..x
            }
        }
    })
}

/// What tasks.toml compiles to.
struct TaskRules {
    labels: Labels,
    cues: Cues,
    closing: Vec<Regex>,
    closing_examples: (Vec<String>, Vec<String>),
    non_directive: Phrases,
    section_examples: Vec<String>,
    report_kinds: Vec<String>,
    report_task_sections: Phrases,
    task_examples: Vec<TaskExample>,
}

/// Compiles tasks.toml: field labels, task cues, closing boilerplate and
/// the sections that hold no tasks.
fn compile_tasks(text: &str) -> Result<TaskRules, RulesError> {
    let f = "tasks.toml";
    let tf: TasksFile = parse(f, text)?;
    let l = &tf.labels;
    let labels = Labels {
        deadline: Phrases::new(f, &l.deadline)?,
        lead: Phrases::new(f, &l.lead)?,
        coordinators: Phrases::new(f, &l.coordinators)?,
        other: Phrases::new(f, &l.other)?,
        task: Phrases::new(f, &l.task)?,
    };
    let cues = compile_cues(f, &tf.cues)?;
    let mut closing = Vec::new();
    for p in &tf.closing.patterns {
        let re = regex::RegexBuilder::new(&fold::fold_pattern(p))
            .size_limit(1 << 22)
            .build()
            .map_err(|e| invalid(f, format!("closing pattern {p:?}: {e}")))?;
        closing.push(re);
    }
    let non_directive = Phrases::new(f, &tf.sections.non_directive)?;
    let report_task_sections = Phrases::new(f, &tf.sections.report_task_sections)?;
    Ok(TaskRules {
        labels,
        cues,
        closing,
        closing_examples: (tf.closing.examples, tf.closing.not_closing),
        non_directive,
        section_examples: tf.sections.examples,
        report_kinds: tf
            .sections
            .report_kinds
            .iter()
            .map(|s| fold::fold(s))
            .collect(),
        report_task_sections,
        task_examples: tf.example,
    })
}

/// The `[cues]` table of tasks.toml, each list compiled.
fn compile_cues(f: &str, c: &CuesEntry) -> Result<Cues, RulesError> {
    Ok(Cues {
        assign: Phrases::new(f, &c.assign)?,
        lead: Phrases::new(f, &c.lead)?,
        coordinate: Phrases::new(f, &c.coordinate)?,
        responsible: Phrases::new(f, &c.responsible)?,
        action_verbs: Phrases::new(f, &c.action_verbs)?,
        predicate: Phrases::new(f, &c.predicate)?,
        context_verbs: Phrases::new(f, &c.context_verbs)?,
        status_starts: Phrases::new(f, &c.status_starts)?,
        topic_starts: Phrases::new(f, &c.topic_starts)?,
        heading_of: Phrases::new(f, &c.heading_of)?,
        report_back: Phrases::new(f, &c.report_back)?,
        framing: Phrases::new(f, &c.framing)?,
        agent: Phrases::new(f, &c.agent)?,
    })
}

impl RuleSet {
    /// The rules bundled into the binary (a copy of `rules/` at build time).
    pub fn bundled() -> Self {
        static R: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        R.get_or_init(|| {
            // Compiled in and checked by the tests: an error here is a build bug.
            RuleSet::from_toml_strs(&BUNDLED).unwrap_or_else(|e| panic!("bundled rules: {e}"))
        })
        .clone()
    }

    /// The bundled rule files as (name, text).
    pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
        &BUNDLED
    }

    /// Load rules from a folder holding the six `*.toml` files of [`FILES`]:
    /// parsed and compiled, errors naming the file. Their examples are not run
    /// here; `pipeline::load_rules` loads a clerk's folder and runs them.
    pub fn load(dir: &Path) -> Result<Self, RulesError> {
        let mut texts = Vec::new();
        for name in FILES {
            let path = dir.join(name);
            let text =
                std::fs::read_to_string(&path).map_err(|e| invalid(&path.to_string_lossy(), e))?;
            texts.push((name, text));
        }
        let refs: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
        RuleSet::from_toml_strs(&refs).map_err(|e| match e {
            RulesError::Invalid { path, reason } => RulesError::Invalid {
                path: dir.join(path).to_string_lossy().into_owned(),
                reason,
            },
        })
    }

    /// Compile rules from (file name, TOML text) pairs; every file of [`FILES`]
    /// must be given once. Never panics, whatever the text.
    pub fn from_toml_strs(files: &[(&str, &str)]) -> Result<RuleSet, RulesError> {
        check_file_names(files)?;
        let kinds = compile_kinds(file_text(files, "kinds.toml")?)?;
        let grammars = compile_numbers(file_text(files, "numbers.toml")?)?;
        let abbreviations = compile_abbreviations(file_text(files, "abbreviations.toml")?)?;
        let agencies = compile_agencies(file_text(files, "agencies.toml")?)?;
        let deadlines = compile_deadlines(file_text(files, "deadlines.toml")?, &kinds.all_names)?;
        let tasks = compile_tasks(file_text(files, "tasks.toml")?)?;
        Ok(RuleSet {
            kinds: kinds.kinds,
            number_words: kinds.number_words,
            kind_before: kinds.kind_before,
            kind_short: kinds.kind_short,
            grammars,
            codes: abbreviations.codes,
            code_examples: abbreviations.examples,
            agencies: agencies.agencies,
            shapes: agencies.shapes,
            titles: agencies.titles,
            title_examples: agencies.title_examples,
            authority: agencies.authority,
            deadlines: deadlines.phrases,
            frequencies: deadlines.frequencies,
            weekdays: deadlines.weekdays,
            labels: tasks.labels,
            cues: tasks.cues,
            closing: tasks.closing,
            closing_examples: tasks.closing_examples,
            non_directive: tasks.non_directive,
            section_examples: tasks.section_examples,
            report_kinds: tasks.report_kinds,
            report_task_sections: tasks.report_task_sections,
            task_examples: tasks.task_examples,
        })
    }

    /// The kind whose folded name is `folded_name`.
    pub fn kind_by_name(&self, folded_name: &str) -> Option<&Kind> {
        let n = folded_name.split_whitespace().collect::<Vec<_>>().join(" ");
        self.kinds.iter().find(|k| k.names.contains(&n))
    }

    /// The kind whose number code is `code` ("KH", "NĐ", "nd").
    pub fn kind_by_abbrev(&self, code: &str) -> Option<&Kind> {
        let c = fold::fold(code);
        // An exact (Đ-sensitive) match first: HD (Hướng dẫn) is not HĐ (Hợp đồng).
        self.kinds
            .iter()
            .find(|k| k.abbrev == code)
            .or_else(|| self.kinds.iter().find(|k| fold::fold(&k.abbrev) == c))
    }

    /// Is this folded closing-boilerplate text?
    pub fn is_closing(&self, folded: &str) -> bool {
        self.closing.iter().any(|r| r.is_match(folded))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammars_find_what_their_regex_finds() {
        let mut grammars = RuleSet::bundled().grammars;
        // Boundaries inside and at the end, where the engine backtracks to a
        // shorter match, and an alternation whose branches differ by one.
        for (i, p) in [r"\b\d+\b", r"[A-Z]+&?\b", r"x\b|xy", r"\d+(?:\b/[A-ZĐ]+)?"]
            .iter()
            .enumerate()
        {
            grammars.push(Grammar::new(format!("t{i}"), p, vec![], vec![]).unwrap());
        }
        assert!(grammars.iter().all(|g| g.fast.is_some()));
        let texts = [
            "Kế hoạch số 02-KH/ BCĐTW ngày 19/6/2025, Nghị quyết số 57- NQ/TW",
            "x123/UBND-KT ố12/UBND-KT 12/UBND-KTư 12/2025/QH15ư 72/2025/QH15.",
            "Số: 246 /UBND-KGVX\n472/SKHCN-BCVT&CĐS; 1234567/UBND-X; 80-BCHN/CQTTBCĐ",
            "ABC&ư ABC&d ABCđ xy xý x 12/ĐU 3/ABC ",
            "",
            "ư",
        ];
        for g in &grammars {
            for t in texts {
                let want: Vec<(usize, usize)> =
                    g.re.find_iter(t).map(|m| (m.start(), m.end())).collect();
                assert_eq!(g.find_all(t), want, "grammar {} on {t:?}", g.name);
            }
        }
    }

    #[test]
    fn bundled_rules_compile() {
        let r = RuleSet::bundled();
        assert!(r
            .kinds
            .iter()
            .any(|k| k.name == "Kế hoạch" && k.abbrev == "KH"));
        assert!(r.grammars.len() >= 2);
        assert!(!r.deadlines.is_empty());
    }

    #[test]
    fn a_bad_file_is_named_with_its_reason() {
        let mut files: Vec<(&str, &str)> = BUNDLED.to_vec();
        files[1] = (
            "numbers.toml",
            "[[grammar]]\nname = \"x\"\npattern = \"(unclosed\"\n",
        );
        let e = RuleSet::from_toml_strs(&files).expect_err("bad regex");
        let msg = e.to_string();
        assert!(
            msg.contains("numbers.toml") && msg.contains("unclosed"),
            "{msg}"
        );

        files[1] = ("numbers.toml", "grammar = 3");
        let msg = RuleSet::from_toml_strs(&files)
            .expect_err("bad toml")
            .to_string();
        assert!(msg.contains("numbers.toml"), "{msg}");

        let msg = RuleSet::from_toml_strs(&BUNDLED[1..])
            .expect_err("missing")
            .to_string();
        assert!(
            msg.contains("kinds.toml") && msg.contains("missing"),
            "{msg}"
        );

        let mut extra: Vec<(&str, &str)> = BUNDLED.to_vec();
        extra.push(("colours.toml", ""));
        let msg = RuleSet::from_toml_strs(&extra)
            .expect_err("unknown")
            .to_string();
        assert!(msg.contains("colours.toml"), "{msg}");
    }

    #[test]
    fn a_misspelt_key_is_refused() {
        let mut files: Vec<(&str, &str)> = BUNDLED.to_vec();
        files[0] = (
            "kinds.toml",
            "number_words = [\"số\"]\n[[kind]]\nname = \"Kế hoạch\"\nabbrev = \"KH\"\nnames = []\nexmples = []\n",
        );
        let msg = RuleSet::from_toml_strs(&files)
            .expect_err("typo")
            .to_string();
        assert!(
            msg.contains("kinds.toml") && msg.contains("exmples"),
            "{msg}"
        );
    }

    /// The bundled rules with deadlines.toml's text edited.
    fn with_deadlines(edit: impl Fn(&str) -> String) -> Result<RuleSet, RulesError> {
        let text = edit(BUNDLED[4].1);
        let mut files: Vec<(&str, &str)> = BUNDLED.to_vec();
        files[4] = ("deadlines.toml", &text);
        RuleSet::from_toml_strs(&files)
    }

    #[test]
    fn bad_recurring_rules_are_refused_with_the_reason() {
        let add = |entry: &'static str| move |t: &str| format!("{t}\n{entry}\n");
        let cases = [
            (
                "[[phrase]]\nkind = \"recurring\"\nscope = \"any\"\npattern = \"mỗi kỳ\"\n",
                "needs rule.frequency",
            ),
            (
                "[[phrase]]\nkind = \"recurring\"\nscope = \"any\"\nrule = { frequency = \"fortnightly\" }\npattern = \"x\"\n",
                "fortnightly",
            ),
            (
                "[[phrase]]\nkind = \"recurring\"\nscope = \"any\"\nrule = { frequency = \"weekly\", weekday = 8 }\npattern = \"x\"\n",
                "rule.weekday = 8",
            ),
            (
                "[[phrase]]\nkind = \"date\"\nscope = \"any\"\nrule = { frequency = \"weekly\" }\npattern = \"x\"\n",
                "only for kind",
            ),
            (
                "[[frequency]]\nname = \"hourly\"\nwords = [\"hằng giờ\"]\n",
                "hourly",
            ),
            (
                "[[frequency]]\nname = \"daily\"\nwords = [\"hằng tháng\"]\n",
                "both",
            ),
        ];
        for (entry, reason) in cases {
            let msg = with_deadlines(add(entry)).expect_err(entry).to_string();
            assert!(
                msg.contains("deadlines.toml") && msg.contains(reason),
                "{entry}: {msg}"
            );
        }
        // A pattern with {frequency} in a file that lists no frequency words.
        let msg = with_deadlines(|_| {
            "[[phrase]]\nkind = \"recurring\"\nscope = \"any\"\npattern = \"{frequency}\"\n".into()
        })
        .expect_err("no words")
        .to_string();
        assert!(
            msg.contains("deadlines.toml") && msg.contains("lists none"),
            "{msg}"
        );
    }

    #[test]
    fn malformed_examples_are_refused() {
        // (That a folder whose example does not hold is refused is tested
        // where the examples are run: tests/rule_examples.rs.)
        // A list too short to be [text, kind, due] is not a table either.
        let bad = with_deadlines(|t| {
            t.replace(
                "examples = [[\"trong tháng 8 năm 2025\", \"month\", \"2025-08-31\"]",
                "examples = [[\"trong tháng 8 năm 2025\", \"month\"]",
            )
        });
        assert!(bad.is_err(), "a two-item example was taken");
        let msg = with_deadlines(|t| {
            t.replace(
                "{ text = \"Hằng năm\", kind = \"recurring\"",
                "{ txet = \"Hằng năm\", kind = \"recurring\"",
            )
        })
        .expect_err("typo")
        .to_string();
        assert!(
            msg.contains("deadlines.toml") && msg.contains("txet"),
            "{msg}"
        );
    }

    #[test]
    fn a_rules_folder_loads_and_errors_name_the_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (name, text) in BUNDLED {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        assert!(RuleSet::load(dir.path()).is_ok());
        std::fs::write(dir.path().join("tasks.toml"), "[labels\n").expect("write");
        let msg = RuleSet::load(dir.path()).expect_err("bad").to_string();
        assert!(msg.contains("tasks.toml"), "{msg}");
        std::fs::remove_file(dir.path().join("agencies.toml")).expect("rm");
        let msg = RuleSet::load(dir.path()).expect_err("missing").to_string();
        assert!(msg.contains("agencies.toml"), "{msg}");
    }
}
