//! Search: turns what a clerk types into a tantivy query and hits with snippets.
//!
//! Query understanding, in order:
//! 1. "quoted phrases" must appear as written (accents ignored, exact accents score more);
//! 2. citation shorthands ("Kế hoạch 02", "KH 02", "02/KH-BCĐTW", "NQ 57") become
//!    citation keys ([`super::citation`]): letters that cite the document, and the
//!    document itself, rank far above letters that only contain the words;
//! 3. every other word must appear, folded (so "ke hoach" finds "Kế hoạch"); the
//!    exact-accent form scores more (so "hòa" ranks "hòa" before "hoa"); a word
//!    found nowhere in the index is taken as a typo and matched within one edit.
//!
//! When no letter has every word, the words are relaxed to "any of them".

use super::citation::Citations;
use super::snippet::{self, Highlight};
use super::{fold, schema, IndexError, LetterIndex};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::ops::Bound;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DateTime, IndexReader, Order, Searcher, TantivyDocument, Term};

/// One search hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub file: String,
    pub score: f32,
    pub kind: Option<String>,
    pub number: Option<String>,
    pub issued: Option<String>,
    pub subject: Option<String>,
    pub snippet: String,
    /// Why the letter matched: "cites kh:2", "is n:2-kh-bcdtw", "words in the text".
    #[serde(default)]
    pub why: Vec<String>,
}

/// The answer to one query: the contract's `search --json` shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// Order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    /// Newest issue date first (letters without a date last).
    Date,
}

/// The most hits one search returns ([`SearchOptions::limit`] is clamped to
/// 1..=this): tantivy sizes its top-hits heap by the limit, so a huge one made
/// it allocate until the process aborted.
pub const MAX_LIMIT: usize = 1000;

/// Filters and order for a search.
#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    /// Hits to return, clamped to 1..=[`MAX_LIMIT`].
    pub limit: usize,
    /// Document kind: a name ("Kế hoạch", "ke hoach") or abbreviation ("KH").
    pub kind: Option<String>,
    /// Words of the issuing agency, in order ("Sở Tài chính").
    pub issuer: Option<String>,
    /// Words of a task assignee, in order.
    pub assignee: Option<String>,
    /// Issued on or after / on or before, ISO "YYYY-MM-DD" (or "YYYY-MM").
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only letters citing this document ("02-KH/BCĐTW", "KH 02").
    pub cites: Option<String>,
    pub sort: Sort,
}

/// Why a search could not run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("bad {what} {value:?}: {reason}")]
    BadOption {
        what: &'static str,
        value: String,
        reason: String,
    },
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Index(IndexError::Tantivy(e))
    }
}

/// A word of the query: exact (lowercased NFC) and folded.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub exact: String,
    pub folded: String,
}

/// What the clerk typed, understood.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedQuery {
    /// Citation shorthands: their keys and their words.
    pub citations: Vec<(Vec<String>, Vec<Word>)>,
    /// Quoted phrases.
    pub phrases: Vec<Vec<Word>>,
    /// Other words.
    pub words: Vec<Word>,
}

fn split_words(text: &str) -> Vec<Word> {
    let exact: Vec<String> = fold::words(text).map(|(_, w)| fold::exact(w)).collect();
    exact
        .into_iter()
        .map(|e| Word {
            folded: fold::fold(&e),
            exact: e,
        })
        .collect()
}

/// Split a query into citations, quoted phrases and words (bundled kinds).
pub fn parse_query(text: &str) -> ParsedQuery {
    parse_query_with(text, Citations::bundled())
}

/// [`parse_query`] with the kinds of a given citation finder (an index's own).
pub fn parse_query_with(text: &str, citations: &Citations) -> ParsedQuery {
    let mut q = ParsedQuery::default();
    // Quoted phrases ("…" or “…”); an unclosed quote runs to the end.
    let mut rest = String::new();
    let mut in_quote = false;
    let mut cur = String::new();
    for c in text.chars() {
        if matches!(c, '"' | '“' | '”') {
            if in_quote {
                let w = split_words(&cur);
                if !w.is_empty() {
                    q.phrases.push(w);
                }
                cur.clear();
            }
            in_quote = !in_quote;
            rest.push(' ');
        } else if in_quote {
            cur.push(c);
        } else {
            rest.push(c);
        }
    }
    if in_quote {
        let w = split_words(&cur);
        if !w.is_empty() {
            q.phrases.push(w);
        }
    }
    // Citations are found in the folded text; words map one to one.
    let exact_words: Vec<String> = fold::words(&rest).map(|(_, w)| fold::exact(w)).collect();
    let folded = fold::fold(&rest);
    let folded_words: Vec<(usize, &str)> = fold::words(&folded).collect();
    let aligned = exact_words.len() == folded_words.len();
    let cits = citations.find_folded(&folded);
    let mut used = vec![None; folded_words.len()];
    for (ci, c) in cits.iter().enumerate() {
        for (wi, (off, _)) in folded_words.iter().enumerate() {
            if c.span.contains(off) {
                used[wi] = Some(ci);
            }
        }
    }
    let word = |wi: usize, f: &str| Word {
        exact: if aligned {
            exact_words[wi].clone()
        } else {
            f.to_string()
        },
        folded: f.to_string(),
    };
    for (ci, c) in cits.iter().enumerate() {
        let words = folded_words
            .iter()
            .enumerate()
            .filter(|(wi, _)| used[*wi] == Some(ci))
            .map(|(wi, (_, f))| word(wi, f))
            .collect();
        q.citations.push((c.keys.clone(), words));
    }
    for (wi, (_, f)) in folded_words.iter().enumerate() {
        if used[wi].is_none() {
            q.words.push(word(wi, f));
        }
    }
    q
}

fn term(field: Field, word: &str) -> Term {
    Term::from_field_text(field, word)
}

fn term_query(field: Field, word: &str, boost: f32) -> Box<dyn Query> {
    let q = TermQuery::new(term(field, word), IndexRecordOption::WithFreqs);
    Box::new(BoostQuery::new(Box::new(q), boost))
}

fn phrase_or_term(field: Field, words: &[String], boost: f32) -> Option<Box<dyn Query>> {
    match words {
        [] => None,
        [w] => Some(term_query(field, w, boost)),
        _ => Some(Box::new(BoostQuery::new(
            Box::new(PhraseQuery::new(
                words.iter().map(|w| term(field, w)).collect(),
            )),
            boost,
        ))),
    }
}

fn any(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// Score of a citation key match: a constant far above what words score, so
/// letters citing the document always come before letters that only contain
/// the words (BM25 would let a much-cited document's key weigh less than a
/// rare word). A full number weighs more than "kind + number".
fn key_boost(key: &str) -> f32 {
    if key.starts_with("n:") {
        30.0
    } else {
        20.0
    }
}

fn key_query(field: Field, key: &str, score: f32) -> Box<dyn Query> {
    let q = TermQuery::new(term(field, key), IndexRecordOption::Basic);
    Box::new(ConstScoreQuery::new(Box::new(q), score))
}

fn citation_query(idx: &LetterIndex, keys: &[String], words: &[Word]) -> Box<dyn Query> {
    let f = &idx.fields;
    let mut c: Vec<Box<dyn Query>> = Vec::new();
    for k in keys {
        c.push(key_query(f.cites, k, key_boost(k)));
        c.push(key_query(f.own_keys, k, key_boost(k) * 1.5));
    }
    // Letters with the words but no citation of the document still match, far
    // below; the words next to each other score more.
    let folded: Vec<String> = words
        .iter()
        .filter(|w| w.folded != "so")
        .map(|w| w.folded.clone())
        .collect();
    if !folded.is_empty() {
        c.push(Box::new(BooleanQuery::new(
            folded
                .iter()
                .map(|w| (Occur::Must, term_query(f.text_folded, w, 0.5)))
                .collect(),
        )));
    }
    if let Some(p) = phrase_or_term(f.text_folded, &folded, 1.0) {
        c.push(p);
    }
    // An extracted reference whose number the keys missed, by its words.
    if let Some(p) = phrase_or_term(f.cites_text, &folded, 4.0) {
        c.push(p);
    }
    any(c)
}

fn word_query(idx: &LetterIndex, searcher: &Searcher, w: &Word) -> Box<dyn Query> {
    let f = &idx.fields;
    let folded_term = term(f.text_folded, &w.folded);
    let known = searcher.doc_freq(&folded_term).unwrap_or(0) > 0;
    // The subject bonus follows the accents the user typed: "hòa" is not
    // rewarded for a subject about "hoa màu" (extracted subjects are filled now).
    let subject = if w.exact != w.folded {
        term_query(f.subject, &w.exact, 0.5)
    } else {
        term_query(f.subject_folded, &w.folded, 0.5)
    };
    let mut c: Vec<Box<dyn Query>> = vec![
        term_query(f.text_folded, &w.folded, 1.0),
        term_query(f.text, &w.exact, 0.6),
        subject,
    ];
    // Unknown longer word: a typo, matched within one edit. Known words are
    // never widened, so "truong" does not flood into "trung", "thuong", ….
    let letters = w.folded.chars().filter(|c| c.is_alphabetic()).count();
    if !known && letters >= 4 && letters == w.folded.chars().count() {
        c.push(Box::new(BoostQuery::new(
            Box::new(FuzzyTermQuery::new(folded_term, 1, true)),
            0.5,
        )));
    }
    any(c)
}

/// Build the query for what the user typed; `None` when it has no words.
/// `all`: every word must match (else any of them).
pub fn build_query(
    idx: &LetterIndex,
    searcher: &Searcher,
    q: &ParsedQuery,
    all: bool,
) -> Option<Box<dyn Query>> {
    let f = &idx.fields;
    let occur = if all { Occur::Must } else { Occur::Should };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (keys, words) in &q.citations {
        clauses.push((occur, citation_query(idx, keys, words)));
    }
    for p in &q.phrases {
        let folded: Vec<String> = p.iter().map(|w| w.folded.clone()).collect();
        let exact: Vec<String> = p.iter().map(|w| w.exact.clone()).collect();
        let parts: Vec<Box<dyn Query>> = [
            phrase_or_term(f.text_folded, &folded, 2.0),
            phrase_or_term(f.text, &exact, 1.0),
        ]
        .into_iter()
        .flatten()
        .collect();
        // A quoted phrase is required even when other words are relaxed.
        clauses.push((Occur::Must, any(parts)));
    }
    for w in &q.words {
        clauses.push((occur, word_query(idx, searcher, w)));
    }
    if clauses.is_empty() {
        return None;
    }
    // Words next to each other in the text score more. (One phrase query only:
    // phrase matching is the costly part on common words; exact accents are
    // already preferred word by word.)
    let folded: Vec<String> = q.words.iter().map(|w| w.folded.clone()).collect();
    if folded.len() >= 2 {
        if let Some(p) = phrase_or_term(f.text_folded, &folded, 2.0) {
            clauses.push((Occur::Should, p));
        }
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

fn bad(what: &'static str, value: &str, reason: &str) -> SearchError {
    SearchError::BadOption {
        what,
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

fn date_bound(what: &'static str, v: &Option<String>) -> Result<Option<DateTime>, SearchError> {
    v.as_deref()
        .map(|s| schema::parse_date(s).ok_or_else(|| bad(what, s, "expected a date YYYY-MM-DD")))
        .transpose()
}

/// The filter clauses of the options (all must hold).
pub fn filters(idx: &LetterIndex, o: &SearchOptions) -> Result<Vec<Box<dyn Query>>, SearchError> {
    let f = &idx.fields;
    let cit = &idx.citations;
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    if let Some(k) = &o.kind {
        let folded = fold::fold(k)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let name = cit
            .abbrev(&folded)
            .and_then(|a| cit.name(a))
            .map(str::to_string)
            .unwrap_or(folded);
        out.push(term_query(f.kind_key, &name, 1.0));
    }
    for (v, field, what) in [
        (&o.issuer, f.issuer_folded, "--issuer"),
        (&o.assignee, f.assignees, "--assignee"),
    ] {
        if let Some(v) = v {
            let words: Vec<String> = fold::words(v).map(|(_, w)| fold::fold(w)).collect();
            let q = phrase_or_term(field, &words, 1.0).ok_or_else(|| bad(what, v, "no words"))?;
            out.push(q);
        }
    }
    let from = date_bound("--from", &o.from)?;
    let to = date_bound("--to", &o.to)?;
    if from.is_some() || to.is_some() {
        let b = |d: Option<DateTime>| match d {
            Some(d) => Bound::Included(Term::from_field_date(f.issued_date, d)),
            None => Bound::Unbounded,
        };
        out.push(Box::new(RangeQuery::new(b(from), b(to))));
    }
    if let Some(c) = &o.cites {
        let keys = cit.keys(c);
        // The full number when given, else "kind number".
        let full: Vec<&String> = keys.iter().filter(|k| k.starts_with("n:")).collect();
        let chosen: Vec<&String> = if full.is_empty() {
            keys.iter().collect()
        } else {
            full
        };
        if chosen.is_empty() {
            return Err(bad(
                "--cites",
                c,
                "not a document number; try \"02-KH/BCĐTW\" or \"KH 02\"",
            ));
        }
        out.push(any(chosen
            .into_iter()
            .flat_map(|k| [term_query(f.cites, k, 1.0), term_query(f.own_keys, k, 1.0)])
            .collect()));
    }
    Ok(out)
}

fn stored(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn stored_all(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// Run a query with default options; `hl` marks matched words in snippets.
pub fn search(
    idx: &LetterIndex,
    text: &str,
    limit: usize,
    hl: Highlight,
) -> Result<SearchResults, IndexError> {
    let opts = SearchOptions {
        limit,
        ..Default::default()
    };
    let reader = idx.reader()?;
    search_with(idx, &reader, text, &opts, hl).map_err(|e| match e {
        SearchError::Index(e) => e,
        other => IndexError::Open {
            path: "query".into(),
            reason: other.to_string(),
        },
    })
}

/// Run a query with filters and order, on a reader kept open (cheap repeated searches).
pub fn search_with(
    idx: &LetterIndex,
    reader: &IndexReader,
    text: &str,
    opts: &SearchOptions,
    hl: Highlight,
) -> Result<SearchResults, SearchError> {
    let searcher = reader.searcher();
    let parsed = parse_query_with(text, &idx.citations);
    let filters = filters(idx, opts)?;
    let limit = opts.limit.clamp(1, MAX_LIMIT);
    let mut all = true;
    let (mut top, mut total) = (Vec::new(), 0);
    for _attempt in 0..2 {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = filters
            .iter()
            .map(|q| (Occur::Must, q.box_clone()))
            .collect();
        match build_query(idx, &searcher, &parsed, all) {
            Some(q) => clauses.push((Occur::Must, q)),
            None if clauses.is_empty() => break,
            None => clauses.push((Occur::Must, Box::new(AllQuery))),
        }
        let query = BooleanQuery::new(clauses);
        (top, total) = match opts.sort {
            Sort::Relevance => searcher.search(
                &query,
                &(TopDocs::with_limit(limit).order_by_score(), Count),
            )?,
            Sort::Date => {
                let (by_date, total) = searcher.search(
                    &query,
                    &(
                        TopDocs::with_limit(limit)
                            .order_by_fast_field::<DateTime>("issued_date", Order::Desc),
                        Count,
                    ),
                )?;
                (by_date.into_iter().map(|(_, a)| (0.0, a)).collect(), total)
            }
        };
        // Relax "every word" to "any word" when no letter has them all.
        if total > 0 || !all || parsed.words.len() + parsed.citations.len() < 2 {
            break;
        }
        all = false;
    }

    let cit = &idx.citations;
    let mut terms: HashSet<String> = HashSet::new();
    let mut query_keys: Vec<String> = Vec::new();
    for (keys, words) in &parsed.citations {
        // Not "số": it would light up every "sở" and "số".
        terms.extend(
            words
                .iter()
                .filter(|w| w.folded != "so")
                .map(|w| w.folded.clone()),
        );
        for k in keys {
            query_keys.push(k.clone());
            if let Some((abbrev, _)) = k.split_once(':') {
                if let Some(name) = cit.name(abbrev) {
                    terms.extend(name.split_whitespace().map(str::to_string));
                }
            }
        }
    }
    terms.extend(parsed.words.iter().map(|w| w.folded.clone()));
    terms.extend(parsed.phrases.iter().flatten().map(|w| w.folded.clone()));

    let f = &idx.fields;
    // Words found nowhere were matched with one typo: highlight their matches too.
    let typos: Vec<String> = parsed
        .words
        .iter()
        .filter(|w| {
            w.folded.chars().count() >= 4
                && searcher
                    .doc_freq(&term(f.text_folded, &w.folded))
                    .unwrap_or(0)
                    == 0
        })
        .map(|w| w.folded.clone())
        .collect();
    let mut hits = Vec::with_capacity(top.len());
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let body = stored(&doc, f.text).unwrap_or_default();
        let cites = stored_all(&doc, f.cites);
        let own = stored_all(&doc, f.own_keys);
        let mut why = Vec::new();
        for k in &query_keys {
            if own.contains(k) {
                why.push(format!("is {k}"));
            } else if cites.contains(k) {
                why.push(format!("cites {k}"));
            }
        }
        let snippet = snippet::snippet_with_typos(&body, &terms, &typos, 30, hl);
        if !terms.is_empty() && (hl.open.is_empty() || snippet.contains(hl.open)) {
            why.push("words in the text".into());
        }
        hits.push(Hit {
            file: stored(&doc, f.file).unwrap_or_default(),
            score,
            kind: stored(&doc, f.kind),
            number: stored(&doc, f.number),
            issued: stored(&doc, f.issued),
            subject: stored(&doc, f.subject),
            snippet,
            why,
        });
    }
    Ok(SearchResults {
        query: text.to_string(),
        total,
        hits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_citations_phrases_and_words() {
        let q = parse_query("\"chữ ký số\" Kế hoạch 02 Sở Tài chính");
        assert_eq!(q.phrases.len(), 1);
        assert_eq!(q.phrases[0][2].exact, "số");
        assert_eq!(q.citations.len(), 1);
        assert!(q.citations[0].0.contains(&"kh:2".to_string()));
        let words: Vec<&str> = q.words.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(words, ["so", "tai", "chinh"]);
        assert_eq!(q.words[0].exact, "sở");
    }
}
