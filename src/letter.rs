//! The plain data types that flow between pipeline stages and out of the CLI.
//!
//! These mirror `docs/OUTPUT.md` (the JSON contract of `congvan extract --json`,
//! `congvan tasks --json`): field names here are the contract, so renaming one is
//! a breaking change. Every stage talks to the next only through these types,
//! and they depend on no stage: the stages' own plain types that a record
//! holds (a footnote, how the text was obtained, its encoding) live here and
//! are re-exported where they were (`normalize::Note`, `read::Source`,
//! `normalize::encoding::Encoding`).

use serde::{Deserialize, Serialize};

/// Header facts about one letter (văn bản). Unknown fields stay `None`: never guessed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Công văn, Kế hoạch, Quyết định, Thông báo, Báo cáo, Chỉ thị, …
    pub kind: Option<String>,
    /// Số và ký hiệu exactly as issued, diacritics restored (Đ): "246/UBND-KGVX".
    pub number: Option<String>,
    /// ISO date "YYYY-MM-DD", or "YYYY-MM" where only the month is known.
    pub issued: Option<String>,
    /// Place of issue in the header line ("Quảng Ngãi, ngày …").
    pub place: Option<String>,
    /// Issuing agency (cơ quan ban hành).
    pub issuer: Option<String>,
    /// Trích yếu: "V/v …".
    pub subject: Option<String>,
    /// Kính gửi list: the bodies the letter is addressed to.
    pub recipients: Vec<String>,
    /// Who signed, from the closing block.
    pub signer: Option<Signer>,
    /// "Dự thảo" (draft) marker present.
    pub draft: bool,
    /// Nơi nhận (distribution list) lines, markers removed.
    #[serde(default)]
    pub noi_nhan: Vec<String>,
}

/// The signing official.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    pub name: Option<String>,
    pub title: Option<String>,
}

/// A document cited by the letter: "<kind> số <number> ngày <date> của <issuer>".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub kind: Option<String>,
    pub number: String,
    pub date: Option<String>,
    pub issuer: Option<String>,
}

/// One thing somebody must do.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Stable across runs: derived from the letter's content and the item path.
    pub id: String,
    /// Numbering path in the letter: "1.d.2", "II.3", "Điều 2".
    pub item: String,
    /// Lead bodies (chủ trì), lists expanded.
    pub assignees: Vec<String>,
    /// Bodies after "phối hợp với".
    pub coordinators: Vec<String>,
    /// The action text, list markers removed.
    pub action: String,
    pub deadline: Deadline,
}

/// When a task is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// The last day the task may be done (ISO date) where one is known.
    pub due: Option<String>,
    /// The deadline words as written.
    pub text: Option<String>,
    /// The cited number, for kind `reference`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#ref: Option<String>,
    /// How a `recurring` deadline repeats ("trước ngày 20 hằng tháng"); `due`
    /// is then the next occurrence on or after the letter's issue date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Recurrence>,
}

/// The rule of a recurring deadline. Only the parts the letter states are set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurrence {
    pub frequency: Frequency,
    /// Every this many periods ("định kỳ 6 tháng": monthly, every 6); absent = 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<u32>,
    /// Month of the year (yearly) 1–12.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    /// Month within the quarter (quarterly) 1–3: "tháng cuối quý" = 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month_of_quarter: Option<u32>,
    /// Day of the month 1–31 (a day past a short month's end means its last day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
    /// ISO weekday (weekly): Thứ Hai = 1 … Chủ nhật = 7.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday: Option<u32>,
    /// Hour of the day 0–23 ("trước 8 giờ hằng ngày").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hour: Option<u32>,
}

/// How often a recurring deadline comes round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
    /// "Thường xuyên", "liên tục": ongoing, never due.
    #[default]
    Continuous,
}

impl Frequency {
    /// The name used in JSON and in `rules/deadlines.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Yearly => "yearly",
            Frequency::Continuous => "continuous",
        }
    }

    /// The frequency named `s` ("monthly"), or None.
    pub fn from_name(s: &str) -> Option<Frequency> {
        [
            Frequency::Daily,
            Frequency::Weekly,
            Frequency::Monthly,
            Frequency::Quarterly,
            Frequency::Yearly,
            Frequency::Continuous,
        ]
        .into_iter()
        .find(|f| f.name() == s)
    }
}

impl Default for Deadline {
    fn default() -> Self {
        Deadline {
            kind: DeadlineKind::None,
            due: None,
            text: None,
            r#ref: None,
            rule: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeadlineKind {
    None,
    Date,
    Month,
    Quarter,
    Year,
    Recurring,
    Reference,
}

/// What the extract stage produces from one parsed letter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub document: Document,
    pub references: Vec<Reference>,
    pub tasks: Vec<Task>,
}

/// How the repair stage changed a letter, so a clerk knows the text was rewritten.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RepairInfo {
    pub repaired: bool,
    pub syllables_changed: usize,
    /// Each word repair rewrote in the letter's `text` (not its notes), in order:
    /// where it stands and what was read there before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<RepairedWord>,
}

/// One word repair rewrote: byte range `start..end` in the letter's `text`, and
/// the word as read (the OCR's or the typist's form).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepairedWord {
    pub start: usize,
    pub end: usize,
    pub original: String,
}

/// Everything congvan knows about one letter file: the `extract --json` shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterRecord {
    /// The file as found in the corpus (path as given on the command line).
    pub file: String,
    pub document: Document,
    pub references: Vec<Reference>,
    pub tasks: Vec<Task>,
    /// The normalized, repaired full text.
    pub text: String,
    /// Footnotes lifted out of the text.
    #[serde(default)]
    pub notes: Vec<Note>,
    /// How the text was obtained (text file and its encoding, PDF text layer, OCR).
    pub source: Source,
    pub repair: RepairInfo,
    /// blake3 of the file's bytes: unchanged files are not read again.
    pub content_hash: String,
    /// Set when this file is another copy of a letter (e.g. a scan of a clean
    /// text): the file of the copy whose tasks are listed.
    #[serde(default)]
    pub duplicate_of: Option<String>,
    /// On the listed copy: the other files that hold the same letter.
    #[serde(default)]
    pub copies: Vec<String>,
}

/// A task in the office's task list, with the letter it comes from and where
/// the office stands on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListedTask {
    #[serde(flatten)]
    pub task: Task,
    pub source: TaskSource,
    /// open, done, or withdrawn (its letter left the corpus).
    #[serde(default)]
    pub status: TaskStatus,
    /// When the status last changed (UTC, "YYYY-MM-DDTHH:MM:SSZ"), who changed
    /// it and why; absent for a task nobody has touched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_changed: Option<StatusChange>,
}

/// Where the office stands on a task.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskStatus {
    #[default]
    Open,
    Done,
    /// The letter it came from is no longer in the corpus; kept, not deleted.
    Withdrawn,
}

impl TaskStatus {
    pub fn name(self) -> &'static str {
        match self {
            TaskStatus::Open => "open",
            TaskStatus::Done => "done",
            TaskStatus::Withdrawn => "withdrawn",
        }
    }
}

/// The last change of a task's status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The letter a listed task comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskSource {
    pub file: String,
    pub number: Option<String>,
    pub issued: Option<String>,
    pub subject: Option<String>,
    pub kind: Option<String>,
    pub issuer: Option<String>,
    /// Other files that hold the same letter (a scan and its clean text): the
    /// task is listed once, under `file`, and these are named with it.
    #[serde(default)]
    pub copies: Vec<String>,
}

/// A footnote or side note lifted out of the running text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// The footnote mark ("1", "2", …).
    pub label: String,
    pub text: String,
}

/// How the text of a letter was obtained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Source {
    /// A text file in the given encoding.
    Text { encoding: Encoding },
    /// The text layer of a PDF.
    PdfText {
        pages: usize,
        /// Legacy Vietnamese fonts (".VnTime", "VNI-Times") whose text was
        /// converted from TCVN3 or VNI; absent when there were none.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        legacy_fonts: Vec<String>,
    },
    /// OCR by Tesseract of an image or an image-only PDF.
    Ocr { engine: String },
    /// A Word .docx file (document, footnotes, endnotes).
    Docx {
        /// As for [`Source::PdfText`].
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        legacy_fonts: Vec<String>,
    },
}

impl Source {
    /// The legacy fonts whose text was converted (empty for most letters).
    pub fn legacy_fonts(&self) -> &[String] {
        match self {
            Source::PdfText { legacy_fonts, .. } | Source::Docx { legacy_fonts } => legacy_fonts,
            _ => &[],
        }
    }
}

/// The encodings congvan can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    #[serde(rename = "utf-8", alias = "utf8")]
    Utf8,
    #[serde(rename = "utf-16le")]
    Utf16Le,
    #[serde(rename = "utf-16be")]
    Utf16Be,
    #[serde(rename = "windows-1258")]
    Windows1258,
    /// TCVN 5712:1993 VN3, the "ABC" encoding of the `.VnTime` fonts.
    Tcvn3,
    /// VNI-Windows, the encoding of the `VNI-Times` fonts.
    Vni,
}

impl Encoding {
    /// The legacy single-byte encodings, in tie-break order.
    pub const LEGACY: [Encoding; 3] = [Encoding::Windows1258, Encoding::Tcvn3, Encoding::Vni];

    /// The name used in reports and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
        }
    }
}
