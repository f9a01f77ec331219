//! Văn bản (one letter): `/letters/<id>`, where id is
//! [`crate::archive::desk::letter_id`] (16 hex digits from the file's name in
//! the archive). Header fields, recipients, signer, the text as read,
//! footnotes, the documents it cites (linked when in the archive), the letters
//! citing it, its copies, its tasks. Unknown id: 404; malformed: 400.

use super::board::{status_cell, task_due};
use super::layout::{self, or_dash, Nav};
use super::{blocking, AppState, WebError};
use crate::archive::desk::{is_letter_id, letter_id, DeskLetter};
use crate::index::search::{search_with, SearchOptions};
use crate::index::snippet::PLAIN;
use crate::letter::Reference;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};

/// Letters citing this one listed at most.
const CITED_BY_LIMIT: usize = 200;

pub fn routes() -> Router<AppState> {
    Router::new().route("/letters/{id}", get(letter_page))
}

/// A cited document and the files of the archive that are it.
struct Cited {
    reference: Reference,
    files: Vec<String>,
}

async fn letter_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    if !is_letter_id(&id) {
        return Err(WebError::bad_request(format!(
            "Mã văn bản \"{id}\" không hợp lệ: cần 16 chữ số thập lục phân (0-9, a-f)."
        )));
    }
    let found = state
        .with_archive(move |a| {
            let Some(letter) = a.letter_by_id(&id)? else {
                return Ok(None);
            };
            let mut cited = Vec::new();
            for r in &letter.record.references {
                cited.push(Cited {
                    reference: r.clone(),
                    files: a.files_of_number(&r.number)?,
                });
            }
            Ok(Some((letter, cited)))
        })
        .await?
        .flatten();
    let Some((letter, cited)) = found else {
        return Err(WebError::not_found(
            "Không có văn bản này trong kho (mã không đúng, hoặc tệp đã bị xóa khỏi thư mục văn bản).",
        ));
    };
    let cited_by = match (state.search()?, letter.record.document.number.clone()) {
        (Some(s), Some(number)) => {
            let own = letter.record.file.clone();
            blocking(move || {
                let opts = SearchOptions {
                    limit: CITED_BY_LIMIT,
                    cites: Some(number),
                    sort: crate::index::search::Sort::Date,
                    ..Default::default()
                };
                // A number the citation rules do not read cites nothing.
                Ok(match search_with(&s.idx, &s.reader, "", &opts, PLAIN) {
                    Ok(r) => r
                        .hits
                        .into_iter()
                        .filter(|h| h.file != own)
                        .map(|h| (h.file, h.number, h.issued))
                        .collect(),
                    Err(_) => Vec::new(),
                })
            })
            .await?
        }
        _ => Vec::new(),
    };
    Ok(render(&letter, &cited, &cited_by))
}

fn letter_link(file: &str, label: &str) -> Markup {
    html! { a href={ "/letters/" (letter_id(file)) } { (label) } }
}

fn render(
    letter: &DeskLetter,
    cited: &[Cited],
    cited_by: &[(String, Option<String>, Option<String>)],
) -> Html<String> {
    let rec = &letter.record;
    let d = &rec.document;
    let title = match (&d.kind, &d.number) {
        (Some(k), Some(n)) => format!("{k} số {n}"),
        (None, Some(n)) => format!("Văn bản số {n}"),
        _ => layout::file_name(&rec.file).to_string(),
    };
    let signer = d.signer.as_ref().map(|s| {
        [s.name.as_deref(), s.title.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" — ")
    });
    let body = html! {
        h1 { (title) }
        p.file { "Tệp: " code #file { (rec.file) } }
        @if let Some(p) = &letter.copy_of {
            p.notice { "Đây là một bản sao; việc cần làm được ghi theo bản " (letter_link(p, layout::file_name(p))) "." }
        }
        dl.header {
            dt { "Số ký hiệu" } dd #number { (or_dash(d.number.as_deref())) }
            dt { "Loại văn bản" } dd #kind { (or_dash(d.kind.as_deref())) }
            dt { "Cơ quan ban hành" } dd #issuer { (or_dash(d.issuer.as_deref())) }
            dt { "Ngày ban hành" } dd #issued { (or_dash(d.issued.as_deref())) }
            dt { "Trích yếu" } dd #subject { (or_dash(d.subject.as_deref())) }
            dt { "Người ký" } dd #signer { (or_dash(signer.as_deref())) }
        }
        h2 { "Kính gửi" }
        ul #recipients {
            @for r in &d.recipients { li { (r) } }
        }
        h2 { "Nội dung" }
        @if rec.repair.repaired {
            p.notice #repair-note {
                "Văn bản đã được sửa lỗi nhận dạng: " (rec.repair.syllables_changed)
                " âm tiết được khôi phục dấu hoặc sửa (gạch chân; di chuột lên để xem chữ gốc)."
            }
        }
        pre #text {
            @for (piece, original) in text_pieces(&rec.text, &rec.repair.words) {
                @match original {
                    Some(o) => span.repaired title=(o) { (piece) },
                    None => (piece),
                }
            }
        }
        h2 { "Chú thích" }
        ol #footnotes {
            @for n in &rec.notes { li { sup { (n.label) } " " (n.text) } }
        }
        h2 { "Văn bản được trích dẫn" }
        ul #cites {
            @for c in cited {
                li {
                    @let r = &c.reference;
                    @let label = format!("{} số {}", r.kind.as_deref().unwrap_or("Văn bản"), r.number);
                    @match c.files.first() {
                        Some(f) => (letter_link(f, &label)),
                        None => span.not-in-archive { (label) },
                    }
                    @if let Some(date) = &r.date { " ngày " (date) }
                    @if let Some(i) = &r.issuer { " của " (i) }
                    @if c.files.is_empty() { " (không có trong kho)" }
                }
            }
        }
        h2 { "Văn bản trích dẫn văn bản này" }
        ul #cited-by {
            @for (file, number, issued) in cited_by {
                li {
                    (letter_link(file, number.as_deref().unwrap_or(layout::file_name(file))))
                    @if let Some(i) = issued { " (" (i) ")" }
                }
            }
        }
        h2 { "Bản sao" }
        ul #copies {
            @for f in &letter.copies { li { (letter_link(f, f)) } }
        }
        h2 { "Việc cần làm" }
        table #tasks {
            thead { tr { th { "Mục" } th { "Việc" } th { "Đơn vị chủ trì" } th { "Hạn" } th { "Trạng thái" } } }
            tbody {
                @for t in &letter.tasks {
                    tr.task data-task-id=(t.task.id) {
                        td.item { (t.task.item) }
                        td.action { (t.task.action) }
                        td.assignees { (t.task.assignees.join("; ")) }
                        td.due { (task_due(t)) }
                        (status_cell(t))
                    }
                }
            }
        }
        @if !letter.tasks.is_empty() {
            // The number, or the file's name: never a whole path (the board
            // refuses absolute paths in its parameters).
            @let key = d.number.clone().unwrap_or_else(|| layout::file_name(&rec.file).to_string());
            p { a #board-link href={ "/tasks?status=all&letter=" (urlencode(&key)) } { "Xem các việc này trên bảng việc" } }
        }
    };
    layout::page(&title, Nav::None, body)
}

fn urlencode(s: &str) -> String {
    super::params::encode(&[("x", Some(s))])
        .strip_prefix("x=")
        .unwrap_or("")
        .to_string()
}

/// The letter's text cut at the words repair rewrote: each piece with the word
/// as read when it is one of them. Ranges that overlap, run backwards or do not
/// fall on character boundaries are ignored (the text is shown as it is).
fn text_pieces<'a>(
    text: &'a str,
    words: &'a [crate::letter::RepairedWord],
) -> Vec<(&'a str, Option<&'a str>)> {
    let mut out = Vec::new();
    let mut at = 0;
    for w in words {
        let fits = w.start >= at
            && w.start < w.end
            && w.end <= text.len()
            && text.is_char_boundary(w.start)
            && text.is_char_boundary(w.end);
        if !fits {
            continue;
        }
        if w.start > at {
            out.push((&text[at..w.start], None));
        }
        out.push((&text[w.start..w.end], Some(w.original.as_str())));
        at = w.end;
    }
    if at < text.len() {
        out.push((&text[at..], None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::text_pieces;
    use crate::letter::RepairedWord;

    fn w(start: usize, end: usize, original: &str) -> RepairedWord {
        RepairedWord {
            start,
            end,
            original: original.into(),
        }
    }

    #[test]
    fn pieces_cut_the_text_at_repaired_words_and_skip_bad_ranges() {
        let text = "Kế hoạch số 02";
        let hoach = text.find("hoạch").unwrap_or(0);
        let words = [
            w(0, "Kế".len(), "Ke"),
            w(hoach, hoach + "hoạch".len(), "hoach"),
            w(1, 2, "inside the first word"),
            w(hoach + 1, hoach + 2, "not on a character boundary"),
            w(10, 999, "past the end"),
        ];
        let pieces = text_pieces(text, &words);
        assert_eq!(
            pieces,
            vec![
                ("Kế", Some("Ke")),
                (" ", None),
                ("hoạch", Some("hoach")),
                (" số 02", None),
            ]
        );
        let joined: String = pieces.iter().map(|p| p.0).collect();
        assert_eq!(joined, text);
    }
}
