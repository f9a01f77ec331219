//! A page's text rebuilt from Tesseract's word boxes (its `tsv` output), with
//! the words a scan put on a line of their own put back where they belong.
//!
//! When a printed line is too long for the page, the last word or two wrap
//! onto a short line at the left margin, between that line and the next
//! ("… Các Báo cáo trên gửi Bộ" / "Tư" / "pháp trước ngày …"). Tesseract
//! reads those stray words as a column of their own and prints them all
//! together, away from their sentence: "gửi Bộ pháp" loses "Tư", "tổng hợp,
//! cáo" loses "báo", and a task's wording or a body's name is cut.
//!
//! Here the words are grouped into Tesseract's lines; a line of at most
//! three words standing out in the margin, left of where every body line
//! starts, under a full-width line of another block and above the next, is
//! that line's overflow and is appended to it. Stray words at the top of a later page, before its first
//! body line, end the previous page's last line. Everything else comes out
//! as Tesseract's own text does: its lines in its order, a blank line
//! between paragraphs.

/// One line of recognised words with its box (pixels).
#[derive(Debug, Clone)]
struct Line {
    /// (block, paragraph, line) numbers as Tesseract gives them.
    key: (u32, u32, u32),
    words: Vec<String>,
    left: i64,
    top: i64,
    right: i64,
    bottom: i64,
    /// Each word's top and bottom, while the line is read.
    tops: Vec<i64>,
    bottoms: Vec<i64>,
}

impl Line {
    /// The line's top and bottom are its words' medians: a stamp or speck
    /// read as a word ("Chính NHG", twice the height of the line) must not
    /// stretch it over the next line's overflow words.
    fn settle(&mut self) {
        let median = |v: &mut Vec<i64>| {
            v.sort_unstable();
            v.get(v.len() / 2).copied()
        };
        if let (Some(t), Some(b)) = (median(&mut self.tops), median(&mut self.bottoms)) {
            self.top = t;
            self.bottom = b.max(t + 1);
        }
    }
}

/// The text of one page read from TSV.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Stray words above the page's first body line: the end of the previous
    /// page's last line.
    pub carried: Vec<String>,
    /// The page's text.
    pub text: String,
}

/// Most words an overflow line holds.
const MAX_OVERFLOW_WORDS: usize = 3;
/// A line with at least this many words is body text (it sets the margins).
const BODY_WORDS: usize = 5;
/// The first line with this many words starts the body (the header above is
/// in columns and never rejoined).
const FIRST_BODY_WORDS: usize = 8;

/// Marks that typed text never sets apart as a word of their own: a comma
/// or colon belongs to the word before it, a quote to the word after. Alone
/// between spaces they are specks of the scan read as text ("- Phối hợp thực
/// hiện ," / "' công tác rà soát …", "Điều 1. Ban :" / "hành kèm theo …"),
/// and they cut a sentence where it goes on. Dashes (bullets, "2025 - 2030")
/// and full stops stay, unless Tesseract itself doubts them.
const SPECKS: &[char] = &[',', ':', ';', '\'', '‘', '’', '`', '_', '|', '~', '^'];

/// Below this confidence (0–100) a lone mark of any kind is a speck: a dot of
/// dirt far right of "- Phối hợp thực hiện" read as "." at 18, where real
/// bullets and stops read at 80 and more.
const SPECK_CONFIDENCE: f32 = 40.0;

/// A word that is one speck mark; `conf` is Tesseract's confidence in it.
fn is_speck(word: &str, conf: f32) -> bool {
    let mut cs = word.chars();
    matches!((cs.next(), cs.next()), (Some(c), None)
        if SPECKS.contains(&c) || (!c.is_alphanumeric() && conf < SPECK_CONFIDENCE))
}

/// Pages of Tesseract TSV output (one run may hold several pages: a TIFF).
/// `continues`: its first page follows pages read before (a PDF's page 2 on).
pub fn pages_from_tsv(tsv: &str, continues: bool) -> Vec<Page> {
    let mut by_page: Vec<(u32, Vec<Line>)> = Vec::new();
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let word = cols[11].trim();
        let conf = cols[10].trim().parse::<f32>().unwrap_or(100.0);
        if word.is_empty() || is_speck(word, conf) {
            continue;
        }
        let num = |i: usize| cols[i].trim().parse::<i64>().unwrap_or(0);
        let page = num(1) as u32;
        let key = (num(2) as u32, num(3) as u32, num(4) as u32);
        let (left, top) = (num(6), num(7));
        let (right, bottom) = (left + num(8), top + num(9));
        if by_page.last().is_none_or(|(p, _)| *p != page) {
            by_page.push((page, Vec::new()));
        }
        let Some((_, lines)) = by_page.last_mut() else {
            continue;
        };
        match lines.last_mut().filter(|l| l.key == key) {
            Some(l) => {
                l.words.push(word.to_string());
                l.left = l.left.min(left);
                l.right = l.right.max(right);
                l.tops.push(top);
                l.bottoms.push(bottom);
            }
            None => lines.push(Line {
                key,
                words: vec![word.to_string()],
                left,
                top,
                right,
                bottom,
                tops: vec![top],
                bottoms: vec![bottom],
            }),
        }
    }
    by_page
        .into_iter()
        .enumerate()
        .map(|(i, (_, mut lines))| {
            for l in &mut lines {
                l.settle();
            }
            page_text(lines, continues || i > 0)
        })
        .collect()
}

/// Join pages read with [`pages_from_tsv`]: a page's carried words end the
/// previous page's last line.
pub fn join_carried(pages: Vec<Page>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in pages {
        let mut text = p.text;
        if !p.carried.is_empty() {
            let words = p.carried.join(" ");
            match out.last_mut() {
                Some(prev) => {
                    prev.push(' ');
                    prev.push_str(&words);
                }
                None => text = format!("{words}\n\n{text}"),
            }
        }
        out.push(text);
    }
    out
}

/// The margins and line height that tell an overflow line from the body.
struct Body {
    left: i64,
    right: i64,
    height: i64,
    /// Top of the first line of the body (below the header).
    starts: i64,
}

impl Body {
    fn of(lines: &[Line]) -> Option<Body> {
        let body: Vec<&Line> = lines
            .iter()
            .filter(|l| l.words.len() >= BODY_WORDS)
            .collect();
        let mut heights: Vec<i64> = body.iter().map(|l| l.bottom - l.top).collect();
        heights.sort_unstable();
        Some(Body {
            left: body.iter().map(|l| l.left).min()?,
            right: body.iter().map(|l| l.right).max()?,
            height: *heights.get(heights.len() / 2)?,
            starts: body
                .iter()
                .filter(|l| l.words.len() >= FIRST_BODY_WORDS)
                .map(|l| l.top)
                .min()?,
        })
    }

    /// Short, and out in the margin left of where every body line starts:
    /// the overflow of a line (a heading or a short last line of a
    /// paragraph starts at the body's edge).
    fn may_overflow(&self, l: &Line) -> bool {
        l.words.len() <= MAX_OVERFLOW_WORDS && l.left < self.left - self.height / 2
    }

    /// Reaches the right margin: a line whose last words may have wrapped.
    fn full_width(&self, l: &Line) -> bool {
        l.right >= self.right - 3 * self.height
    }
}

/// A page's text with its overflow lines rejoined. `later`: not the first
/// page, so stray words above its body may end the previous page.
fn page_text(lines: Vec<Line>, later: bool) -> Page {
    let mut host_of: Vec<Option<usize>> = vec![None; lines.len()];
    let mut carried_lines: Vec<usize> = Vec::new();
    if let Some(body) = Body::of(&lines) {
        // Blocks made only of possible overflow lines.
        let stray_block = |block: u32| {
            lines
                .iter()
                .filter(|l| l.key.0 == block)
                .all(|l| body.may_overflow(l))
        };
        for (i, l) in lines.iter().enumerate() {
            if !stray_block(l.key.0) {
                continue;
            }
            if l.bottom <= body.starts {
                // Above the body: on a later page, the end of the previous
                // page's last line.
                if later {
                    carried_lines.push(i);
                }
                continue;
            }
            host_of[i] = host(&lines, i, &body);
        }
    }
    let mut tails: Vec<Vec<usize>> = vec![Vec::new(); lines.len()];
    for (i, h) in host_of.iter().enumerate() {
        if let Some(h) = h {
            tails[*h].push(i);
        }
    }
    let mut text = String::new();
    let mut prev: Option<(u32, u32)> = None;
    for (i, l) in lines.iter().enumerate() {
        if host_of[i].is_some() || carried_lines.contains(&i) {
            continue;
        }
        let par = (l.key.0, l.key.1);
        if let Some(p) = prev {
            text.push_str(if p == par { "\n" } else { "\n\n" });
        }
        prev = Some(par);
        text.push_str(&l.words.join(" "));
        for &t in &tails[i] {
            text.push(' ');
            text.push_str(&lines[t].words.join(" "));
        }
    }
    let carried = carried_lines
        .iter()
        .flat_map(|&i| lines[i].words.iter().cloned())
        .collect();
    Page { carried, text }
}

/// The line whose overflow line `i` is: the nearest line of another block
/// ending above its middle, full width, with no other line starting before
/// its middle (it sits in the gap under its host).
fn host(lines: &[Line], i: usize, body: &Body) -> Option<usize> {
    let stray = &lines[i];
    let middle = (stray.top + stray.bottom) / 2;
    let others = || {
        lines
            .iter()
            .enumerate()
            .filter(move |(_, l)| l.key.0 != stray.key.0)
    };
    let (h, host) = others()
        .filter(|(_, l)| l.bottom <= middle)
        .max_by_key(|(_, l)| l.bottom)?;
    let next_top = others()
        .filter(|(_, l)| l.top >= host.bottom)
        .map(|(_, l)| l.top)
        .min();
    let in_gap = next_top.is_none_or(|t| t >= middle);
    (in_gap && body.full_width(host)).then_some(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TSV row of one word: page, block, paragraph, line, box, text.
    fn word(page: u32, key: (u32, u32, u32), b: (i64, i64, i64, i64), text: &str) -> String {
        format!(
            "5\t{page}\t{}\t{}\t{}\t1\t{}\t{}\t{}\t{}\t95\t{text}",
            key.0, key.1, key.2, b.0, b.1, b.2, b.3
        )
    }

    /// A body line of `text` at `top`, from x=500 to x=2300, block 1.
    fn body_line(page: u32, par: u32, line: u32, top: i64, text: &str) -> Vec<String> {
        let words: Vec<&str> = text.split(' ').collect();
        let step = 1800 / words.len() as i64;
        words
            .iter()
            .enumerate()
            .map(|(k, w)| {
                let left = 500 + k as i64 * step;
                word(page, (1, par, line), (left, top, step - 20, 60), w)
            })
            .collect()
    }

    fn tsv(rows: Vec<Vec<String>>) -> String {
        let mut s = String::from("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n");
        for r in rows.into_iter().flatten() {
            s.push_str(&r);
            s.push('\n');
        }
        s
    }

    #[test]
    fn a_word_wrapped_to_the_margin_ends_its_line() {
        let t = tsv(vec![
            body_line(
                1,
                1,
                1,
                1000,
                "đề xuất phương án thực hiện. Các Báo cáo trên gửi Bộ",
            ),
            body_line(
                1,
                1,
                2,
                1200,
                "pháp trước ngày 05 tháng 12 năm 2025. Trên cơ sở đó,",
            ),
            // "Tư" on its own, at the page's margin, in the gap between them.
            vec![word(1, (2, 1, 1), (360, 1100, 40, 60), "Tư")],
        ]);
        let pages = pages_from_tsv(&t, false);
        assert_eq!(pages.len(), 1);
        assert_eq!(
            pages[0].text,
            "đề xuất phương án thực hiện. Các Báo cáo trên gửi Bộ Tư\npháp trước ngày 05 tháng 12 năm 2025. Trên cơ sở đó,"
        );
    }

    #[test]
    fn a_tall_speck_in_the_line_does_not_hide_its_overflow() {
        // "phủ" read with a stamp's height, reaching below where the
        // overflow "Tài chính," sits.
        let mut host = body_line(
            1,
            1,
            1,
            1000,
            "Lâm Đồng khẩn trương gửi Báo cáo về Văn phòng Chính phủ và các Bộ:",
        );
        for w in &mut host {
            if w.ends_with("\tphủ") {
                *w = w.replace("\t60\t95\t", "\t140\t95\t");
            }
        }
        let t = tsv(vec![
            host,
            body_line(
                1,
                1,
                2,
                1150,
                "Nông nghiệp và Môi trường trước ngày 27/11/2025 để tổng hợp, báo",
            ),
            vec![
                word(1, (2, 1, 1), (360, 1075, 40, 50), "Tài"),
                word(1, (2, 1, 1), (410, 1075, 60, 50), "chính,"),
            ],
        ]);
        let pages = pages_from_tsv(&t, false);
        assert_eq!(
            pages[0].text,
            "Lâm Đồng khẩn trương gửi Báo cáo về Văn phòng Chính phủ và các Bộ: Tài chính,\n\
             Nông nghiệp và Môi trường trước ngày 27/11/2025 để tổng hợp, báo"
        );
    }

    #[test]
    fn specks_read_as_marks_of_their_own_are_dropped() {
        // A dot of dirt Tesseract reads as "." and doubts (confidence 18).
        let doubted = word(1, (1, 1, 1), (2200, 1000, 20, 60), ".").replace("\t95\t", "\t18\t");
        let t = tsv(vec![
            body_line(1, 1, 1, 1000, "- Phối hợp thực hiện ,"),
            vec![doubted],
            body_line(1, 2, 1, 1100, "' công tác rà soát dữ liệu - số nhà ."),
        ]);
        let pages = pages_from_tsv(&t, false);
        // Bullets, dashes and stops read with confidence stay.
        assert_eq!(
            pages[0].text,
            "- Phối hợp thực hiện\n\ncông tác rà soát dữ liệu - số nhà ."
        );
    }

    #[test]
    fn short_lines_of_the_text_itself_stay_where_they_are() {
        // A heading "2. Trên" in a block of its own, at the body's edge:
        // kept where it is, and paragraphs stay apart.
        let t = tsv(vec![
            body_line(
                1,
                1,
                1,
                1000,
                "thực hiện theo đúng quy định của pháp luật hiện hành.",
            ),
            vec![
                word(1, (5, 2, 1), (500, 1100, 40, 60), "2."),
                word(1, (5, 2, 1), (560, 1100, 100, 60), "Trên"),
            ],
            body_line(
                1,
                3,
                1,
                1200,
                "các Bộ, cơ quan liên quan, Bộ Tài chính khẩn trương rà soát",
            ),
        ]);
        let pages = pages_from_tsv(&t, false);
        assert_eq!(
            pages[0].text,
            "thực hiện theo đúng quy định của pháp luật hiện hành.\n\n2. Trên\n\ncác Bộ, cơ quan liên quan, Bộ Tài chính khẩn trương rà soát"
        );
    }

    #[test]
    fn stray_words_atop_a_page_end_the_previous_page() {
        let t = tsv(vec![
            body_line(
                1,
                1,
                1,
                1000,
                "định của Nghị quyết số 197/2025/QH15 ngày 17 tháng 5 năm 2025 của Quốc",
            ),
            vec![word(2, (9, 1, 1), (350, 270, 200, 60), "hội")],
            body_line(
                2,
                1,
                1,
                400,
                "số cơ chế, chính sách đặc biệt tạo đột phá trong xây dựng",
            ),
        ]);
        let joined = join_carried(pages_from_tsv(&t, false));
        assert_eq!(joined.len(), 2);
        assert!(joined[0].ends_with("của Quốc hội"), "{joined:?}");
        assert!(joined[1].starts_with("số cơ chế"), "{joined:?}");
    }

    #[test]
    fn no_words_no_text() {
        assert!(pages_from_tsv("level\tpage_num\n", false).is_empty());
    }
}
