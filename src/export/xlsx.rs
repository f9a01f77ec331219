//! The Excel export: one sheet "Việc cần làm" (the task list) written with
//! rust_xlsxwriter (see [`super::xlsx`]).

use super::{overdue, row, ymd, ExportError, COLUMNS, DUE_COLUMN, ISSUED_COLUMN};
use crate::tasks::TaskList;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, Workbook};

/// The sheet's name: "the task list", as the board is called.
pub const SHEET: &str = "Việc cần làm";

/// Excel keeps at most this many characters in a cell.
const MAX_CELL_CHARS: usize = 32_767;

/// Column widths in characters, in the order of [`COLUMNS`].
const WIDTHS: [f64; 20] = [
    18.0, // Mã việc
    20.0, // Văn bản (số ký hiệu)
    12.0, // Ngày văn bản
    12.0, // Loại văn bản
    28.0, // Cơ quan ban hành
    40.0, // Trích yếu
    8.0,  // Mục
    30.0, // Cơ quan chủ trì
    24.0, // Cơ quan phối hợp
    70.0, // Nội dung
    12.0, // Hạn
    24.0, // Hạn (nguyên văn)
    10.0, // Loại hạn
    11.0, // Trạng thái
    8.0,  // Quá hạn
    21.0, // Cập nhật lúc
    14.0, // Người cập nhật
    30.0, // Ghi chú
    30.0, // Tệp
    20.0, // Bản sao
];

/// Light red, the shade Excel itself uses for "bad" cells.
const OVERDUE_FILL: u32 = 0xFFC7CE;

pub fn write(list: &TaskList, today: &str) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET)?;

    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let text = Format::new().set_align(FormatAlign::Top);
    let wrapped = text.clone().set_text_wrap();
    let date = text.clone().set_num_format("dd/mm/yyyy");
    let shade = |f: &Format| f.clone().set_background_color(Color::RGB(OVERDUE_FILL));
    let (text_late, wrapped_late, date_late) = (shade(&text), shade(&wrapped), shade(&date));

    for (c, (name, width)) in COLUMNS.iter().zip(WIDTHS).enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *name, &header)?;
        sheet.set_column_width(c, width)?;
    }
    for (r, t) in list.tasks.iter().enumerate() {
        let r =
            u32::try_from(r + 1).map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)?;
        let late = overdue(t, today);
        let (text, wrapped, date) = if late {
            (&text_late, &wrapped_late, &date_late)
        } else {
            (&text, &wrapped, &date)
        };
        for (c, cell) in row(t, today).iter().enumerate() {
            let is_date = c == DUE_COLUMN || c == ISSUED_COLUMN;
            let c = c as u16;
            // A date Excel can hold (1900–9999) as a date; anything else as text.
            let when = ymd(cell)
                .filter(|_| is_date)
                .and_then(|(y, m, d)| ExcelDateTime::from_ymd(y, m, d).ok());
            match when {
                Some(when) => {
                    sheet.write_datetime_with_format(r, c, &when, date)?;
                }
                None => {
                    // Long texts (the action, the subject) wrap in their column.
                    let f = if WIDTHS[c as usize] >= 24.0 {
                        wrapped
                    } else {
                        text
                    };
                    sheet.write_string_with_format(r, c, clip(cell), f)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_row = u32::try_from(list.tasks.len())
        .map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)?;
    sheet.autofilter(0, 0, last_row, (COLUMNS.len() - 1) as u16)?;
    Ok(book.save_to_buffer()?)
}

/// A cell's text cut to what Excel holds, so one very long action does not
/// lose the whole workbook.
fn clip(s: &str) -> String {
    if s.chars().count() <= MAX_CELL_CHARS {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(MAX_CELL_CHARS - 1).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::task;
    use std::io::Read;

    fn entry(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut s = String::new();
        zip.by_name(name)
            .expect(name)
            .read_to_string(&mut s)
            .expect("utf-8 entry");
        s
    }

    #[test]
    fn a_workbook_with_the_vietnamese_sheet_text_and_dates_as_numbers() {
        let list = TaskList {
            tasks: vec![
                task("t1", "Báo cáo kết quả thực hiện", Some("2025-06-20")),
                task("t2", "Rà soát hồ sơ", None),
            ],
        };
        let bytes = write(&list, "2025-07-01").expect("xlsx");
        let book = entry(&bytes, "xl/workbook.xml");
        assert!(book.contains("name=\"Việc cần làm\""), "{book}");
        let strings = entry(&bytes, "xl/sharedStrings.xml");
        assert!(strings.contains("Báo cáo kết quả thực hiện"));
        assert!(strings.contains("Cơ quan chủ trì"));
        let sheet = entry(&bytes, "xl/worksheets/sheet1.xml");
        // K2 (Hạn of the first task) holds the serial number of 2025-06-20.
        assert!(sheet.contains("<c r=\"K2\" s=\""), "{sheet}");
        assert!(sheet.contains("<v>45828</v>"), "{sheet}");
        assert!(sheet.contains("<autoFilter ref=\"A1:T3\""), "{sheet}");
        assert!(sheet.contains("state=\"frozen\""), "{sheet}");
    }

    #[test]
    fn an_overlong_cell_is_clipped_not_fatal() {
        let long = "a".repeat(MAX_CELL_CHARS + 10);
        let list = TaskList {
            tasks: vec![task("t1", &long, None)],
        };
        assert!(write(&list, "2025-07-01").is_ok());
        assert_eq!(clip(&long).chars().count(), MAX_CELL_CHARS);
    }
}
