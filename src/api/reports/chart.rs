//! The K1 chart (domain.md §11) as a standalone SVG document: one region's year, durable
//! placements counted cumulatively month by month, against the region's target.
//!
//! Pure: figures in, text out. The figures arrive already suppressed (`None` where a count is
//! withheld), so nothing here can show more than the report does.
//!
//! Decisions:
//! - **Readable as is.** The document carries its own title, subtitle, axes and legend, uses
//!   the system font stack and no external font, script or style sheet, so a dashboard can
//!   show it in an `<img>` without further work.
//! - **Accessible.** `role="img"` with `<title>` and a `<desc>` that says the figures in words;
//!   text and lines meet WCAG AA contrast on white; the target is dashed and the data solid, so
//!   they differ without colour.
//! - **Withheld months** break the line: no point and no value label there, only a dash on
//!   the axis that the legend explains ("– withheld (fewer than 5)"), so a withheld month
//!   cannot be mistaken for one that has not begun.
//! - **Deterministic.** Coordinates are computed in integer tenths of a pixel, so the same
//!   figures always give the same bytes and no number has more than one decimal.

use std::fmt::{self, Write as _};

/// One region's year as the chart shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    /// e.g. "Durably in work — AM05 Twente, 2026".
    pub title: String,
    /// e.g. "Durability rule 2026-1 · region list CBS-2024 · as of 2026-10-31".
    pub subtitle: String,
    /// Cumulative count at the end of each month that has begun (1 to 12 entries);
    /// `None` where the figure is withheld by small-cell suppression. Entries beyond the
    /// twelfth are ignored.
    pub cumulative: Vec<Option<u64>>,
    /// The year's target (RegionTarget, default 100).
    pub target: u64,
}

const WIDTH: i64 = 720;
const HEIGHT: i64 = 360;
// The plot area, in pixels. The right margin holds the target line's label.
const PLOT_LEFT: i64 = 56;
const PLOT_RIGHT: i64 = 632;
const PLOT_TOP: i64 = 84;
const PLOT_BOTTOM: i64 = 300;

const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, \
                    sans-serif";
// Contrast on white: ink 17.7:1, muted 7.6:1, data 6.7:1, target 7.1:1, axis 4.8:1. The
// gridlines (1.2:1) are deliberately faint: the labelled axis and values carry the figures.
const INK: &str = "#111827";
const MUTED: &str = "#4b5563";
const DATA: &str = "#1d4ed8";
const TARGET: &str = "#92400e";
const AXIS: &str = "#6b7280";
const GRID: &str = "#e5e7eb";
const WHITE: &str = "#ffffff";

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The chart as a complete SVG 1.1 document.
#[must_use]
pub fn svg(chart: &Chart) -> String {
    let mut out = String::with_capacity(8192);
    // Writing into a String cannot fail.
    let _ = render(chart, &mut out);
    out
}

fn render(chart: &Chart, out: &mut String) -> fmt::Result {
    let months: Vec<Option<u64>> = chart.cumulative.iter().copied().take(12).collect();
    let data_top = months.iter().flatten().copied().max().unwrap_or(0);
    let scale = Scale::new(data_top.max(chart.target));
    header(chart, &months, out)?;
    axes(scale, out)?;
    target(chart.target, scale, out)?;
    data(&months, scale, out)?;
    legend(months.iter().any(Option::is_none), out)?;
    writeln!(out, "</svg>")
}

/// The document's start, its accessible name and description, and the visible headings.
fn header(chart: &Chart, months: &[Option<u64>], out: &mut String) -> fmt::Result {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" xml:lang="en" font-family="{}">"#,
        escape(FONT)
    )?;
    writeln!(
        out,
        r#"<title id="chart-title">{}</title>"#,
        escape(&chart.title)
    )?;
    writeln!(
        out,
        r#"<desc id="chart-desc">{}</desc>"#,
        escape(&description(chart, months))
    )?;
    writeln!(
        out,
        r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="{WHITE}"/>"#
    )?;
    writeln!(
        out,
        r#"<text x="16" y="30" font-size="17" font-weight="600" fill="{INK}">{}</text>"#,
        escape(&chart.title)
    )?;
    writeln!(
        out,
        r#"<text x="16" y="52" font-size="12" fill="{MUTED}">{}</text>"#,
        escape(&chart.subtitle)
    )
}

/// The Y axis with its gridlines and labels, and the X axis with every month of the year,
/// whatever has begun.
fn axes(scale: Scale, out: &mut String) -> fmt::Result {
    writeln!(
        out,
        r#"<text x="16" y="{}" font-size="11" fill="{MUTED}">Persons</text>"#,
        PLOT_TOP - 14
    )?;
    writeln!(out, r#"<g class="grid" font-size="11" fill="{MUTED}">"#)?;
    for value in scale.ticks() {
        let y = Tenths(scale.y(value));
        writeln!(
            out,
            r#"<line x1="{PLOT_LEFT}" y1="{y}" x2="{PLOT_RIGHT}" y2="{y}" stroke="{GRID}" stroke-width="1"/>"#
        )?;
        writeln!(
            out,
            r#"<text class="tick" x="{}" y="{}" text-anchor="end">{value}</text>"#,
            PLOT_LEFT - 8,
            Tenths(scale.y(value) + 40)
        )?;
    }
    writeln!(out, "</g>")?;
    writeln!(
        out,
        r#"<line x1="{PLOT_LEFT}" y1="{PLOT_BOTTOM}" x2="{PLOT_RIGHT}" y2="{PLOT_BOTTOM}" stroke="{AXIS}" stroke-width="1"/>"#
    )?;
    writeln!(
        out,
        r#"<g class="months" font-size="11" fill="{MUTED}" text-anchor="middle">"#
    )?;
    for (i, name) in MONTHS.iter().enumerate() {
        writeln!(
            out,
            r#"<text x="{}" y="{}">{name}</text>"#,
            Tenths(month_x(i)),
            PLOT_BOTTOM + 18
        )?;
    }
    writeln!(out, "</g>")
}

/// The target: dashed, labelled at its end.
fn target(target: u64, scale: Scale, out: &mut String) -> fmt::Result {
    let target_y = Tenths(scale.y(target));
    writeln!(
        out,
        r#"<line class="target" x1="{PLOT_LEFT}" y1="{target_y}" x2="{PLOT_RIGHT}" y2="{target_y}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>"#
    )?;
    writeln!(
        out,
        r#"<text class="target-label" x="{}" y="{}" font-size="12" font-weight="600" fill="{TARGET}">Target {}</text>"#,
        PLOT_RIGHT + 6,
        Tenths(scale.y(target) + 40),
        target
    )
}

/// The data: one solid line per run of known months, a point and a label per known month,
/// and a dash on the axis for a withheld month.
fn data(months: &[Option<u64>], scale: Scale, out: &mut String) -> fmt::Result {
    for run in runs(months) {
        if run.len() < 2 {
            continue;
        }
        let mut d = String::new();
        for (n, &(i, v)) in run.iter().enumerate() {
            let command = if n == 0 { 'M' } else { 'L' };
            write!(
                d,
                "{}{command}{} {}",
                if n == 0 { "" } else { " " },
                Tenths(month_x(i)),
                Tenths(scale.y(v))
            )?;
        }
        writeln!(
            out,
            r#"<path class="cumulative" d="{d}" fill="none" stroke="{DATA}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>"#
        )?;
    }
    for (i, month) in months.iter().enumerate() {
        let x = Tenths(month_x(i));
        match month {
            Some(v) => {
                writeln!(
                    out,
                    r#"<circle class="point" cx="{x}" cy="{}" r="3.5" fill="{DATA}" stroke="{WHITE}" stroke-width="1.5"/>"#,
                    Tenths(scale.y(*v))
                )?;
                writeln!(
                    out,
                    r#"<text class="value" x="{x}" y="{}" font-size="11" font-weight="600" fill="{DATA}" text-anchor="middle">{v}</text>"#,
                    Tenths(scale.y(*v) - 80)
                )?;
            }
            None => writeln!(
                out,
                r#"<text class="withheld" x="{x}" y="{}" font-size="12" fill="{MUTED}" text-anchor="middle">–</text>"#,
                PLOT_BOTTOM - 5
            )?,
        }
    }
    Ok(())
}

/// What the line styles mean, and the withheld note when something is withheld.
fn legend(any_withheld: bool, out: &mut String) -> fmt::Result {
    let legend_y = HEIGHT - 18;
    writeln!(out, r#"<g class="legend" font-size="11" fill="{MUTED}">"#)?;
    writeln!(
        out,
        r#"<line x1="{PLOT_LEFT}" y1="{}" x2="{}" y2="{}" stroke="{DATA}" stroke-width="2.5"/>"#,
        legend_y - 4,
        PLOT_LEFT + 24,
        legend_y - 4
    )?;
    writeln!(
        out,
        r#"<text x="{}" y="{legend_y}">Durably in work, cumulative</text>"#,
        PLOT_LEFT + 30
    )?;
    writeln!(
        out,
        r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>"#,
        PLOT_LEFT + 210,
        legend_y - 4,
        PLOT_LEFT + 234,
        legend_y - 4
    )?;
    writeln!(
        out,
        r#"<text x="{}" y="{legend_y}">Target for the year</text>"#,
        PLOT_LEFT + 240
    )?;
    if any_withheld {
        writeln!(
            out,
            r#"<text class="withheld-note" x="{}" y="{legend_y}">– withheld (fewer than 5)</text>"#,
            PLOT_LEFT + 380
        )?;
    }
    writeln!(out, "</g>")
}

/// The chart in words, for screen readers and anyone who cannot see it.
fn description(chart: &Chart, months: &[Option<u64>]) -> String {
    let target = persons(chart.target);
    let mut text = match months
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, v)| Some((i, (*v)?)))
    {
        Some((i, value)) => {
            let comparison = if value >= chart.target {
                "the target is reached".to_owned()
            } else {
                format!("{} short of the target", chart.target - value)
            };
            format!(
                "Persons durably in work, counted cumulatively by month. By the end of {}: {}, \
                 against a target of {target} for the year; {comparison}.",
                MONTH_NAMES[i],
                persons(value)
            )
        }
        None if months.is_empty() => format!(
            "Persons durably in work, counted cumulatively by month. No month has begun yet; \
             the target for the year is {target}."
        ),
        None => format!(
            "Persons durably in work, counted cumulatively by month. No figure can be shown \
             yet; the target for the year is {target}."
        ),
    };
    let withheld: Vec<&str> = months
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_none())
        .map(|(i, _)| MONTH_NAMES[i])
        .collect();
    if !withheld.is_empty() {
        let (noun, verb) = if withheld.len() == 1 {
            ("figure", "is")
        } else {
            ("figures", "are")
        };
        let _ = write!(
            text,
            " The {noun} for {} {verb} withheld (fewer than 5).",
            list(&withheld)
        );
    }
    if !chart.subtitle.trim().is_empty() {
        let _ = write!(text, " {}", chart.subtitle.trim());
    }
    text
}

fn persons(n: u64) -> String {
    if n == 1 {
        "1 person".to_owned()
    } else {
        format!("{n} persons")
    }
}

/// "March", "March and April", "March, April and June".
fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Runs of consecutive known months, as (month index, value).
fn runs(months: &[Option<u64>]) -> Vec<Vec<(usize, u64)>> {
    let mut runs = Vec::new();
    let mut current = Vec::new();
    for (i, month) in months.iter().enumerate() {
        match month {
            Some(v) => current.push((i, *v)),
            None if current.is_empty() => {}
            None => runs.push(std::mem::take(&mut current)),
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// The centre of month `i`'s band, in tenths of a pixel (12 bands of 48 px).
fn month_x(i: usize) -> i64 {
    let band = (PLOT_RIGHT - PLOT_LEFT) * 10 / 12;
    let i = i64::try_from(i).unwrap_or(0);
    PLOT_LEFT * 10 + band / 2 + band * i
}

/// The Y axis: 0 to `max` in `max / step` intervals (3 to 5, so 4 to 6 gridlines), `step` a
/// round number (1, 2, 5, 10, 20, 25, 50, 100, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Scale {
    max: u128,
    step: u128,
}

impl Scale {
    /// The smallest round axis that holds `top` (at least 1, so an empty chart still has an
    /// axis).
    fn new(top: u64) -> Self {
        let top = u128::from(top.max(1));
        let mut magnitude: u128 = 1;
        loop {
            // 1, 2, 5 at the first magnitude (2.5 rounds down to 2), then 10, 20, 25, 50, …
            for step in [magnitude, 2 * magnitude, magnitude * 5 / 2, 5 * magnitude] {
                let intervals = top.div_ceil(step);
                if intervals <= 5 {
                    return Self {
                        max: step * intervals.max(3),
                        step,
                    };
                }
            }
            magnitude *= 10;
        }
    }

    /// The labelled values, 0 included.
    fn ticks(self) -> impl Iterator<Item = u128> {
        (0..=self.max / self.step).map(move |n| n * self.step)
    }

    /// The vertical position of `value`, in tenths of a pixel (rounded).
    fn y(self, value: impl Into<u128>) -> i64 {
        let height = u128::from((PLOT_BOTTOM - PLOT_TOP).unsigned_abs() * 10);
        let offset = (value.into().min(self.max) * height * 2 + self.max) / (2 * self.max);
        PLOT_BOTTOM * 10 - i64::try_from(offset).unwrap_or(0)
    }
}

/// A coordinate in tenths of a pixel, printed with at most one decimal.
struct Tenths(i64);

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (whole, tenth) = (self.0.unsigned_abs() / 10, self.0.unsigned_abs() % 10);
        if tenth == 0 {
            write!(f, "{sign}{whole}")
        } else {
            write!(f, "{sign}{whole}.{tenth}")
        }
    }
}

/// Text safe in XML content and in a double- or single-quoted attribute. Characters XML 1.0
/// does not allow at all (control characters other than tab and line breaks) are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
mod tests {
    use super::{Chart, Scale, escape, svg};

    fn chart(cumulative: Vec<Option<u64>>, target: u64) -> Chart {
        Chart {
            title: "Durably in work — AM05 Twente, 2026".to_owned(),
            subtitle: "Durability rule 2026-1 · region list CBS-2024 · as of 2026-10-31".to_owned(),
            cumulative,
            target,
        }
    }

    /// A small well-formedness check: one root element, every tag closed in order, attribute
    /// values quoted and unique per element, no `<` or stray `&` in text or attribute values.
    /// Enough for the markup this module writes (no comments, CDATA or doctype).
    fn well_formed(doc: &str) -> Result<(), String> {
        let mut rest = doc;
        if let Some(after) = rest.strip_prefix("<?xml") {
            let end = after.find("?>").ok_or("unterminated XML declaration")?;
            rest = &after[end + 2..];
        }
        let mut open: Vec<String> = Vec::new();
        let mut roots = 0;
        while let Some(start) = rest.find('<') {
            check_text(&rest[..start], !open.is_empty())?;
            let after = &rest[start + 1..];
            let end = after.find('>').ok_or("unterminated tag")?;
            let tag = &after[..end];
            rest = &after[end + 1..];
            if tag.contains('<') {
                return Err(format!("`<` inside tag `{tag}`"));
            }
            if let Some(name) = tag.strip_prefix('/') {
                match open.pop() {
                    Some(top) if top == name.trim() => {}
                    top => return Err(format!("`</{name}>` closes {top:?}")),
                }
                continue;
            }
            let (body, self_closing) = match tag.strip_suffix('/') {
                Some(body) => (body, true),
                None => (tag, false),
            };
            let name = element(body)?;
            if open.is_empty() {
                roots += 1;
            }
            if !self_closing {
                open.push(name);
            }
        }
        check_text(rest, false)?;
        match (open.as_slice(), roots) {
            ([], 1) => Ok(()),
            ([], n) => Err(format!("{n} root elements")),
            (unclosed, _) => Err(format!("unclosed: {unclosed:?}")),
        }
    }

    /// The element name of a start tag's body, after checking its attributes.
    fn element(body: &str) -> Result<String, String> {
        let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
        let name = &body[..name_end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || ":-_".contains(c))
        {
            return Err(format!("bad element name in `{body}`"));
        }
        let mut attrs = body[name_end..].trim_start();
        let mut seen = Vec::new();
        while !attrs.is_empty() {
            let eq = attrs
                .find('=')
                .ok_or(format!("attribute without value: `{attrs}`"))?;
            let attr = attrs[..eq].trim();
            if attr.is_empty() || attr.contains(char::is_whitespace) {
                return Err(format!("bad attribute name `{attr}`"));
            }
            if seen.contains(&attr) {
                return Err(format!("duplicate attribute `{attr}`"));
            }
            seen.push(attr);
            let value = attrs[eq + 1..].trim_start();
            let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'');
            let quote = quote.ok_or(format!("unquoted value for `{attr}`"))?;
            let close = value[1..]
                .find(quote)
                .ok_or(format!("unterminated value for `{attr}`"))?;
            check_text(&value[1..=close], true)?;
            let after = &value[close + 2..];
            if !after.is_empty() && !after.starts_with(char::is_whitespace) {
                return Err(format!("no space after attribute `{attr}`"));
            }
            attrs = after.trim_start();
        }
        Ok(name.to_owned())
    }

    /// Character data: entities must be the five XML ones or character references; outside
    /// the root, only white space.
    fn check_text(text: &str, inside: bool) -> Result<(), String> {
        if !inside && !text.trim().is_empty() {
            return Err(format!("text outside the root: `{text}`"));
        }
        if text.contains('<') {
            return Err(format!("`<` in `{text}`"));
        }
        let mut rest = text;
        while let Some(amp) = rest.find('&') {
            let entity = &rest[amp..];
            let semi = entity.find(';').ok_or(format!("bare `&` in `{text}`"))?;
            let name = &entity[1..semi];
            let numeric = name
                .strip_prefix('#')
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            if !numeric && !["amp", "lt", "gt", "quot", "apos"].contains(&name) {
                return Err(format!("unknown entity `&{name};` in `{text}`"));
            }
            rest = &entity[semi + 1..];
        }
        Ok(())
    }

    /// The values of `attr` on every element with `class="{class}"`.
    fn attr_of(doc: &str, class: &str, attr: &str) -> Vec<String> {
        let marker = format!(r#"class="{class}""#);
        doc.lines()
            .filter(|line| line.contains(&marker))
            .filter_map(|line| {
                let key = format!(r#" {attr}=""#);
                let start = line.find(&key)? + key.len();
                let len = line[start..].find('"')?;
                Some(line[start..start + len].to_owned())
            })
            .collect()
    }

    /// The text content of every element with `class="{class}"`.
    fn text_of(doc: &str, class: &str) -> Vec<String> {
        let marker = format!(r#"class="{class}""#);
        doc.lines()
            .filter(|line| line.contains(&marker))
            .filter_map(|line| {
                let start = line.find('>')? + 1;
                let end = line.rfind("</")?;
                Some(line[start..end].to_owned())
            })
            .collect()
    }

    fn desc(doc: &str) -> String {
        let start = doc.find(r#"<desc id="chart-desc">"#).unwrap() + 22;
        let end = doc.find("</desc>").unwrap();
        doc[start..end].to_owned()
    }

    fn month_x(i: usize) -> String {
        super::Tenths(super::month_x(i)).to_string()
    }

    #[test]
    fn the_checker_rejects_broken_markup() {
        assert!(well_formed("<svg><g></g></svg>").is_ok());
        assert!(well_formed(r#"<?xml version="1.0"?><svg a="1" b='2'/>"#).is_ok());
        for bad in [
            "<svg><g></svg>",
            "<svg></g>",
            "<svg>",
            "<svg/><svg/>",
            "<svg>a & b</svg>",
            "<svg>a < b</svg>",
            r#"<svg a="<"/>"#,
            r"<svg a=1/>",
            r#"<svg a="1" a="2"/>"#,
            r#"<svg a="1"b="2"/>"#,
            "text<svg/>",
            "<svg>&nbsp;</svg>",
        ] {
            assert!(well_formed(bad).is_err(), "accepted {bad}");
        }
    }

    #[test]
    fn escapes_every_xml_special_character() {
        assert_eq!(escape(r#"a<&>"'b"#), "a&lt;&amp;&gt;&quot;&apos;b");
        assert_eq!(escape("bell\u{7}\ttab"), "bell\ttab");
        let mut c = chart(vec![Some(3)], 100);
        c.title = "Jobs <&> for \"us\" & 'them'".to_owned();
        c.subtitle = "</svg><script>alert(1)</script>".to_owned();
        let doc = svg(&c);
        well_formed(&doc).unwrap();
        assert!(doc.contains("Jobs &lt;&amp;&gt; for &quot;us&quot; &amp; &apos;them&apos;"));
        assert!(!doc.contains("<&>"));
        assert!(!doc.contains("<script>"));
        assert_eq!(doc.matches("</svg>").count(), 1);
    }

    #[test]
    fn a_whole_year() {
        let data: Vec<Option<u64>> = [4, 9, 15, 22, 30, 37, 41, 48, 60, 71, 83, 96]
            .into_iter()
            .map(Some)
            .collect();
        let doc = svg(&chart(data, 100));
        well_formed(&doc).unwrap();
        assert!(doc.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#));
        for attr in [
            r#"xmlns="http://www.w3.org/2000/svg""#,
            r#"viewBox="0 0 720 360""#,
            r#"width="720""#,
            r#"height="360""#,
            r#"role="img""#,
            r#"aria-labelledby="chart-title chart-desc""#,
        ] {
            assert!(doc.contains(attr), "missing {attr}");
        }
        assert!(
            doc.contains(r#"<title id="chart-title">Durably in work — AM05 Twente, 2026</title>"#)
        );
        assert_eq!(attr_of(&doc, "point", "cx").len(), 12);
        assert_eq!(
            text_of(&doc, "value"),
            [
                "4", "9", "15", "22", "30", "37", "41", "48", "60", "71", "83", "96"
            ]
        );
        // One unbroken line through all twelve points.
        assert_eq!(attr_of(&doc, "cumulative", "d").len(), 1);
        assert_eq!(attr_of(&doc, "cumulative", "d")[0].matches('L').count(), 11);
        assert_eq!(text_of(&doc, "target-label"), ["Target 100"]);
        assert_eq!(attr_of(&doc, "target", "stroke-dasharray"), ["6 4"]);
        assert!(!doc.contains("withheld"));
        let desc = desc(&doc);
        assert!(
            desc.contains("By the end of December: 96 persons"),
            "{desc}"
        );
        assert!(desc.contains("a target of 100 persons"), "{desc}");
        assert!(desc.contains("4 short of the target"), "{desc}");
        // No external resources.
        assert!(!doc.contains("href"));
        assert!(!doc.contains("@import"));
        assert!(!doc.contains("<script"));
        assert!(!doc.contains("<style"));
    }

    #[test]
    fn a_partial_year_still_shows_every_month() {
        let data = [2, 6, 11, 18, 25, 31, 40].into_iter().map(Some).collect();
        let doc = svg(&chart(data, 100));
        well_formed(&doc).unwrap();
        for month in [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ] {
            assert!(doc.contains(&format!(">{month}</text>")), "no {month}");
        }
        let points = attr_of(&doc, "point", "cx");
        assert_eq!(points, (0..7).map(month_x).collect::<Vec<_>>());
        assert!(desc(&doc).contains("By the end of July: 40 persons"));
        assert!(!doc.contains("withheld"));
    }

    #[test]
    fn withheld_months_break_the_line_and_are_explained() {
        let data = vec![None, None, Some(6), Some(9), None, Some(15), Some(20)];
        let doc = svg(&chart(data, 100));
        well_formed(&doc).unwrap();
        let known = [2, 3, 5, 6].map(month_x);
        assert_eq!(attr_of(&doc, "point", "cx"), known);
        assert_eq!(attr_of(&doc, "value", "x"), known);
        assert_eq!(text_of(&doc, "value"), ["6", "9", "15", "20"]);
        // Two separate runs, Mar–Apr and Jun–Jul; nothing drawn through May.
        let paths = attr_of(&doc, "cumulative", "d");
        assert_eq!(paths.len(), 2);
        assert!(paths[0].starts_with(&format!("M{} ", month_x(2))));
        assert!(paths[1].starts_with(&format!("M{} ", month_x(5))));
        for withheld in [0, 1, 4].map(month_x) {
            assert!(!paths.iter().any(|d| d.contains(&format!("{withheld} "))));
        }
        assert_eq!(attr_of(&doc, "withheld", "x"), [0, 1, 4].map(month_x));
        assert_eq!(
            text_of(&doc, "withheld-note"),
            ["– withheld (fewer than 5)"]
        );
        let desc = desc(&doc);
        assert!(desc.contains("By the end of July: 20 persons"), "{desc}");
        assert!(
            desc.contains("The figures for January, February and May are withheld"),
            "{desc}"
        );
    }

    #[test]
    fn the_last_known_month_is_described_when_the_latest_is_withheld() {
        let doc = svg(&chart(vec![Some(7), Some(12), None], 100));
        assert!(desc(&doc).contains("By the end of February: 12 persons"));
        let doc = svg(&chart(vec![None, None], 100));
        well_formed(&doc).unwrap();
        assert!(attr_of(&doc, "point", "cx").is_empty());
        assert!(attr_of(&doc, "cumulative", "d").is_empty());
        assert!(desc(&doc).contains("No figure can be shown yet"));
    }

    #[test]
    fn a_single_known_month_between_withheld_ones_is_a_point_without_a_line() {
        let doc = svg(&chart(vec![None, Some(8), None], 100));
        assert_eq!(attr_of(&doc, "point", "cx"), [month_x(1)]);
        assert!(attr_of(&doc, "cumulative", "d").is_empty());
    }

    fn y_labels(doc: &str) -> Vec<u64> {
        text_of(doc, "tick")
            .iter()
            .map(|t| t.parse().unwrap())
            .collect()
    }

    #[test]
    fn a_target_above_the_data_fits_on_the_axis() {
        let doc = svg(&chart(vec![Some(3), Some(8), Some(14)], 100));
        let labels = y_labels(&doc);
        assert_eq!(labels, [0, 20, 40, 60, 80, 100]);
        // The target line lies inside the plot, at the top gridline.
        let y: f64 = attr_of(&doc, "target", "y1")[0].parse().unwrap();
        assert!((84.0..=300.0).contains(&y), "{y}");
        let doc = svg(&chart(vec![Some(3)], 130));
        assert!(y_labels(&doc).last().unwrap() >= &130);
    }

    #[test]
    fn data_above_the_target_fits_on_the_axis() {
        let doc = svg(&chart(vec![Some(60), Some(131)], 100));
        let labels = y_labels(&doc);
        assert!(*labels.last().unwrap() >= 131, "{labels:?}");
        for y in attr_of(&doc, "point", "cy") {
            let y: f64 = y.parse().unwrap();
            assert!((84.0..=300.0).contains(&y), "{y}");
        }
        assert!(desc(&doc).contains("the target is reached"));
    }

    #[test]
    fn a_zero_target_and_no_data_still_draw_an_axis() {
        let doc = svg(&chart(vec![Some(0), Some(0)], 0));
        well_formed(&doc).unwrap();
        assert_eq!(y_labels(&doc), [0, 1, 2, 3]);
        assert_eq!(text_of(&doc, "target-label"), ["Target 0"]);
        assert_eq!(attr_of(&doc, "target", "y1"), ["300"]);
        let doc = svg(&chart(Vec::new(), 0));
        well_formed(&doc).unwrap();
        assert!(desc(&doc).contains("No month has begun yet"));
    }

    #[test]
    fn the_axis_is_round_with_four_to_six_gridlines() {
        let cases = [
            (0, 3, 1),
            (1, 3, 1),
            (3, 3, 1),
            (4, 4, 1),
            (7, 8, 2),
            (12, 15, 5),
            (50, 50, 10),
            (100, 100, 20),
            (101, 125, 25),
            (240, 250, 50),
            (999, 1000, 200),
            (1001, 1250, 250),
        ];
        for (top, max, step) in cases {
            assert_eq!(Scale::new(top), Scale { max, step }, "top {top}");
        }
        for top in (0..5000).chain([u64::MAX / 3, u64::MAX]) {
            let scale = Scale::new(top);
            let lines = scale.ticks().count();
            assert!((4..=6).contains(&lines), "top {top}: {lines} lines");
            assert!(scale.max >= u128::from(top));
            assert_eq!(scale.max % scale.step, 0);
        }
        let doc = svg(&chart(vec![Some(u64::MAX)], u64::MAX));
        well_formed(&doc).unwrap();
    }

    #[test]
    fn output_is_deterministic_with_short_numbers() {
        let c = chart(vec![Some(1), Some(7), None, Some(33), Some(34)], 97);
        let doc = svg(&c);
        assert_eq!(doc, svg(&c));
        let bytes = doc.as_bytes();
        for (i, w) in bytes.windows(3).enumerate() {
            assert!(
                !(w[0] == b'.' && w[1].is_ascii_digit() && w[2].is_ascii_digit()),
                "long decimal at {i}: {}",
                &doc[i.saturating_sub(10)..i + 10]
            );
        }
    }

    #[test]
    fn entries_beyond_december_are_ignored() {
        let doc = svg(&chart(vec![Some(5); 14], 100));
        well_formed(&doc).unwrap();
        assert_eq!(attr_of(&doc, "point", "cx").len(), 12);
    }
}
