//! congvan: reads Vietnamese official letters (công văn), repairs OCR'd Vietnamese,
//! extracts who must do what by when, and indexes everything for search.
//!
//! The pipeline runs one way, one module per stage:
//! [`read`] → [`normalize`] → [`repair`] → [`parse`] → [`extract`] → [`index`],
//! [`archive`] (SQLite) and [`tasks`].
//! Stages exchange the plain types in [`letter`]; [`pipeline`] runs one letter
//! through them, [`ingest`] a whole corpus folder into a data folder: the
//! [`archive`] and the search [`index`].

pub mod archive;
pub mod dedupe;
pub mod export;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod ingest_bench;
pub mod letter;
pub mod normalize;
pub mod parse;
pub mod pipeline;
pub mod read;
pub mod repair;
pub mod rules;
pub mod shard;
pub mod shard_bench;
pub mod synth;
pub mod tasks;
pub mod web;
