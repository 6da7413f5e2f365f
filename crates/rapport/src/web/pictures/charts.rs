//! The small pictures: a trust range, reliance both ways, evidence by
//! month, a check-in's two views, progress, and initials avatars.

use super::{Svg, colour_of, escape, initials, num};
use chrono::NaiveDate;
use rapport_core::trust::EvidenceCounts;

const TRACK: &str = "#e3e7ee";
const INK: &str = "#1d2330";
const MUTED: &str = "#4f5868";
const BAND: &str = "#1f5fbf";

/// Where my trust in someone lies, 0 to 1: a band from `low` to `high`
/// and, once there is one, a mark at the number.
pub fn range_bar(id: &str, range: Option<(f64, f64)>, value: Option<f64>) -> String {
    let (w, h) = (160.0, 18.0);
    let Some((low, high)) = range else {
        let mut svg = Svg::new(
            id,
            w,
            h,
            "No range yet",
            "Nothing recorded between you yet.",
        );
        svg.rect(0.0, 7.0, w, 4.0, TRACK);
        return svg.finish();
    };
    let desc = match value {
        Some(v) => format!(
            "Between {} and {} on a scale from 0 to 1, most likely {}.",
            two(low),
            two(high),
            two(v)
        ),
        None => format!(
            "Between {} and {} on a scale from 0 to 1: still forming.",
            two(low),
            two(high)
        ),
    };
    let mut svg = Svg::new(id, w, h, "Trust range", &desc);
    svg.rect(0.0, 7.0, w, 4.0, TRACK)
        .rect(low * w, 3.0, ((high - low) * w).max(3.0), 12.0, BAND);
    if let Some(v) = value {
        svg.rect((v * w - 1.5).clamp(0.0, w - 3.0), 0.0, 3.0, h, INK);
    }
    svg.finish()
}

fn two(x: f64) -> String {
    format!("{x:.2}")
}

/// Reliance both ways: my asks of them to the left of the middle, theirs
/// of me to the right, each as long as its share of the larger.
pub fn balance(id: &str, asked_out: u32, asked_in: u32, words: &str) -> String {
    let (w, h) = (160.0, 22.0);
    let mid = w / 2.0;
    let most = f64::from(asked_out.max(asked_in).max(1));
    let mut svg = Svg::new(id, w, h, "Who asked whom", words);
    svg.rect(0.0, 10.0, w, 2.0, TRACK);
    let out = mid * f64::from(asked_out) / most;
    let inn = mid * f64::from(asked_in) / most;
    svg.rect(mid - out, 4.0, out, 14.0, "#0b6fb0")
        .rect(mid, 4.0, inn, 14.0, "#b35900")
        .rect(mid - 0.75, 0.0, 1.5, h, INK);
    svg.finish()
}

/// Colours of each kind of evidence, in the order they stack.
const KINDS: [(&str, &str); 5] = [
    ("delivered", "#00785a"),
    ("partly", "#b35900"),
    ("missed", "#b3401a"),
    ("helped", "#0b6fb0"),
    ("check-ins", "#a34f82"),
];

fn counts_of(c: &EvidenceCounts) -> [u32; 5] {
    [c.delivered, c.partly, c.missed, c.helped, c.check_ins]
}

/// Evidence by month: one stacked bar per month, a legend below.
pub fn trend(id: &str, months: &[(NaiveDate, EvidenceCounts)]) -> String {
    let (w, h) = (480.0, 170.0);
    let (left, top, bottom) = (24.0, 8.0, 120.0);
    let tallest = months
        .iter()
        .map(|(_, c)| c.total())
        .max()
        .unwrap_or(0)
        .max(1);
    let total: u32 = months.iter().map(|(_, c)| c.total()).sum();
    let desc = if total == 0 {
        "Nothing recorded in these months.".to_string()
    } else {
        let busiest = months
            .iter()
            .max_by_key(|(_, c)| c.total())
            .map(|(d, _)| d.format("%B %Y").to_string())
            .unwrap_or_default();
        format!(
            "{total} pieces of evidence over {} months; most in {busiest}.",
            months.len()
        )
    };
    let mut svg = Svg::new(id, w, h, "Evidence by month", &desc);
    let slot = (w - left) / months.len().max(1) as f64;
    let unit = (bottom - top) / f64::from(tallest);
    svg.rect(left, bottom, w - left, 1.0, MUTED);
    svg.text(
        left - 4.0,
        top + 8.0,
        11.0,
        "end",
        MUTED,
        &tallest.to_string(),
    )
    .text(left - 4.0, bottom, 11.0, "end", MUTED, "0");
    for (k, (month, counts)) in months.iter().enumerate() {
        let x = left + slot * k as f64 + slot * 0.2;
        let mut y = bottom;
        for (n, (_, colour)) in counts_of(counts).iter().zip(KINDS) {
            let height = f64::from(*n) * unit;
            y -= height;
            svg.rect(x, y, slot * 0.6, height, colour);
        }
        svg.text(
            x + slot * 0.3,
            bottom + 14.0,
            11.0,
            "middle",
            MUTED,
            &month.format("%b").to_string(),
        );
    }
    let mut x = left;
    for (label, colour) in KINDS {
        svg.rect(x, 150.0, 10.0, 10.0, colour)
            .text(x + 14.0, 159.0, 11.0, "start", INK, label);
        x += 20.0 + label.len() as f64 * 6.5;
    }
    svg.finish()
}

/// A check-in's two views, one row per question on the 1–5 scale: my
/// answer and theirs as dots, joined by a line.
pub fn dots(id: &str, rows: &[(&str, u8, u8)], them: &str) -> String {
    // Narrow, so that on a phone it is drawn at about its own size and the
    // words stay readable; a desktop shows it at the same size.
    let row_h = 40.0;
    let (left, right) = (10.0, 310.0);
    let h = row_h * rows.len() as f64 + 40.0;
    let x_of = |score: u8| left + (f64::from(score.clamp(1, 5)) - 1.0) / 4.0 * (right - left);
    let desc: Vec<String> = rows
        .iter()
        .map(|(q, mine, theirs)| format!("{q}: you {mine}, {them} {theirs}"))
        .collect();
    let mut svg = Svg::new(
        id,
        320.0,
        h,
        "Your two views side by side",
        &desc.join(". "),
    );
    for (k, (question, mine, theirs)) in rows.iter().enumerate() {
        let y = 18.0 + row_h * k as f64;
        svg.text(left, y - 2.0, 13.0, "start", INK, question);
        svg.rect(left, y + 11.0, right - left, 2.0, TRACK);
        let (a, b) = (x_of(*mine), x_of(*theirs));
        svg.rect(a.min(b), y + 10.5, (a - b).abs(), 3.0, MUTED);
        svg.raw(&format!(
            r##"<circle cx="{}" cy="{}" r="6" fill="#0b6fb0"/><circle cx="{}" cy="{}" r="6" fill="#fff" stroke="#b35900" stroke-width="3"/>"##,
            num(a),
            num(y + 12.0),
            num(b),
            num(y + 12.0)
        ));
    }
    let y = h - 12.0;
    for n in 1..=5u8 {
        svg.text(x_of(n), y - 10.0, 12.0, "middle", MUTED, &n.to_string());
    }
    svg.raw(&format!(
        r##"<circle cx="{l}" cy="{y}" r="5" fill="#0b6fb0"/><circle cx="{t}" cy="{y}" r="5" fill="#fff" stroke="#b35900" stroke-width="3"/>"##,
        l = num(left + 5.0),
        t = num(left + 60.0),
        y = num(y)
    ));
    svg.text(left + 13.0, y + 4.0, 13.0, "start", INK, "you")
        .text(left + 68.0, y + 4.0, 13.0, "start", INK, them);
    svg.finish()
}

/// Progress toward a whole: a bar, with the words in its description.
pub fn progress(id: &str, done: u32, of: u32, words: &str) -> String {
    let (w, h) = (200.0, 12.0);
    let share = if of == 0 {
        0.0
    } else {
        f64::from(done.min(of)) / f64::from(of)
    };
    let mut svg = Svg::new(id, w, h, "Progress", words);
    svg.rect(0.0, 0.0, w, h, TRACK)
        .rect(0.0, 0.0, w * share, h, "#00785a");
    svg.finish()
}

/// A person's initials in a circle of their own colour. Decorative: the
/// name is always written beside it, so it is hidden from screen readers.
pub fn avatar(name: &str, key: &str, size: u32) -> String {
    let s = f64::from(size);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {s} {s}" width="{s}" height="{s}" aria-hidden="true" class="avatar"><circle cx="{r}" cy="{r}" r="{r}" fill="{fill}"/><text x="{r}" y="{ty}" font-size="{fs}" text-anchor="middle" fill="#fff" font-family="system-ui, sans-serif" font-weight="600">{text}</text></svg>"##,
        s = num(s),
        r = num(s / 2.0),
        ty = num(s / 2.0 + s * 0.14),
        fs = num(s * 0.4),
        fill = colour_of(key.as_bytes()),
        text = escape(&initials(name)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_bar_says_its_range_and_draws_the_band_there() {
        let svg = range_bar("r1", Some((0.25, 0.75)), None);
        assert!(svg.contains("Between 0.25 and 0.75"), "{svg}");
        assert!(svg.contains("still forming"));
        // The band starts a quarter in and spans half the track.
        assert!(svg.contains(r#"x="40" y="3" width="80""#), "{svg}");
        let with_value = range_bar("r2", Some((0.5, 0.9)), Some(0.8));
        assert!(with_value.contains("most likely 0.80"));
        let empty = range_bar("r3", None, None);
        assert!(empty.contains("Nothing recorded"));
    }

    #[test]
    fn the_trend_draws_a_bar_per_month_in_proportion() {
        let m = |mo, delivered| {
            (
                NaiveDate::from_ymd_opt(2026, mo, 1).unwrap(),
                EvidenceCounts {
                    delivered,
                    ..Default::default()
                },
            )
        };
        let svg = trend("t", &[m(1, 2), m(2, 0), m(3, 1)]);
        assert!(svg.contains("3 pieces of evidence over 3 months; most in January 2026"));
        assert!(svg.contains(">Jan<") && svg.contains(">Feb<") && svg.contains(">Mar<"));
        // The tallest month fills the chart; one piece is half of it.
        assert!(svg.contains(r##"height="112" fill="#00785a""##), "{svg}");
        assert!(svg.contains(r##"height="56" fill="#00785a""##), "{svg}");
    }

    #[test]
    fn dots_describe_both_answers() {
        let svg = dots("d", &[("Can I count on them?", 2, 5)], "Mo");
        assert!(svg.contains("Can I count on them?: you 2, Mo 5"));
    }

    #[test]
    fn an_avatar_shows_initials_and_hides_from_screen_readers() {
        let a = avatar("Mo <Member>", "id-1", 32);
        assert!(a.contains("aria-hidden=\"true\""));
        assert!(a.contains(">M&lt;<"), "{a}");
        assert_eq!(a, avatar("Mo <Member>", "id-1", 32), "steady colour");
    }
}
