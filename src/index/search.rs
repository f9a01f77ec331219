//! Search: turns what a clerk types into a tantivy query and hits with snippets.
//!
//! Every query word is looked up in the folded text (accent-insensitive), in the
//! exact text (so exact-accent matches score higher) and among the cited
//! documents (so letters citing "Kế hoạch 02" rank above letters that merely
//! contain the words). Adjacent words also count as a phrase.

use super::snippet::{self, Highlight};
use super::{fold, IndexError, LetterIndex};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

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
}

/// The answer to one query: the contract's `search --json` shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub total: usize,
    pub hits: Vec<Hit>,
}

fn term_query(field: Field, word: &str, boost: f32) -> Box<dyn Query> {
    let q = TermQuery::new(
        Term::from_field_text(field, word),
        IndexRecordOption::WithFreqs,
    );
    Box::new(BoostQuery::new(Box::new(q), boost))
}

fn phrase_query(field: Field, words: &[String], boost: f32) -> Option<Box<dyn Query>> {
    if words.len() < 2 {
        return None;
    }
    let terms = words
        .iter()
        .map(|w| Term::from_field_text(field, w))
        .collect();
    Some(Box::new(BoostQuery::new(
        Box::new(PhraseQuery::new(terms)),
        boost,
    )))
}

/// Build the query for what the user typed; `None` when it has no words.
pub fn build_query(idx: &LetterIndex, text: &str) -> Option<Box<dyn Query>> {
    let f = &idx.fields;
    let exact: Vec<String> = fold::words(text).map(|(_, w)| fold::exact(w)).collect();
    let folded: Vec<String> = fold::words(text).map(|(_, w)| fold::fold(w)).collect();
    if folded.is_empty() {
        return None;
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for w in &folded {
        clauses.push((Occur::Should, term_query(f.text_folded, w, 1.0)));
        clauses.push((Occur::Should, term_query(f.cites_text, w, 1.5)));
    }
    for w in &exact {
        clauses.push((Occur::Should, term_query(f.text, w, 0.5)));
    }
    for q in [
        phrase_query(f.text_folded, &folded, 2.0),
        phrase_query(f.cites_text, &folded, 4.0),
        phrase_query(f.text, &exact, 1.0),
    ]
    .into_iter()
    .flatten()
    {
        clauses.push((Occur::Should, q));
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

fn stored(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// Run a query; `hl` marks matched words in snippets.
pub fn search(
    idx: &LetterIndex,
    text: &str,
    limit: usize,
    hl: Highlight,
) -> Result<SearchResults, IndexError> {
    let reader = idx.index.reader()?;
    let searcher = reader.searcher();
    let Some(query) = build_query(idx, text) else {
        return Ok(SearchResults {
            query: text.to_string(),
            total: 0,
            hits: Vec::new(),
        });
    };
    let (top, total) = searcher.search(
        &query,
        &(TopDocs::with_limit(limit.max(1)).order_by_score(), Count),
    )?;
    let terms: HashSet<String> = fold::words(text).map(|(_, w)| fold::fold(w)).collect();
    let f = &idx.fields;
    let mut hits = Vec::with_capacity(top.len());
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let body = stored(&doc, f.text).unwrap_or_default();
        hits.push(Hit {
            file: stored(&doc, f.file).unwrap_or_default(),
            score,
            kind: stored(&doc, f.kind),
            number: stored(&doc, f.number),
            issued: stored(&doc, f.issued),
            subject: stored(&doc, f.subject),
            snippet: snippet::snippet(&body, &terms, 30, hl),
        });
    }
    Ok(SearchResults {
        query: text.to_string(),
        total,
        hits,
    })
}
