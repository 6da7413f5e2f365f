//! Times as a person reads them: in their own time zone (their profile's,
//! UTC until they set one), in words where words read better ("2 days
//! ago", "in 3 days"), and always the exact moment in a `<time>` element
//! (its `datetime` for machines, its `title` for people).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rapport_core::TimeZone;
use std::fmt;

/// The viewer's zone and the moment the page is drawn.
#[derive(Debug, Clone)]
pub struct Zone {
    zone: TimeZone,
    now: DateTime<Utc>,
}

impl Default for Zone {
    fn default() -> Self {
        Zone::new("UTC", Utc::now())
    }
}

impl Zone {
    /// `name` is the person's stored zone; one that no longer parses is
    /// read as UTC rather than failing the page.
    pub fn new(name: &str, now: DateTime<Utc>) -> Zone {
        Zone {
            zone: TimeZone::parse(name).unwrap_or_else(|_| TimeZone::utc()),
            now,
        }
    }

    pub fn name(&self) -> &'static str {
        self.zone.name()
    }

    /// A moment (a notification, a thank-you): "3 hours ago", "yesterday",
    /// "12 Nov".
    pub fn when(&self, t: &DateTime<Utc>) -> Time {
        self.time(t, moment_words(self.local_now(), self.local(t)))
    }

    /// A day (a due date, a window's end): "today", "in 3 days", "2 days
    /// ago", "on 12 Nov".
    pub fn day(&self, t: &DateTime<Utc>) -> Time {
        self.time(t, day_words(self.local_now().date(), self.local(t).date()))
    }

    /// A date, without words relative to today: for "open until 10 Dec".
    pub fn date(&self, t: &DateTime<Utc>) -> Time {
        let today = self.local_now().date();
        self.time(t, date_words(today, self.local(t).date()))
    }

    /// The end of `day` in this zone, as an exact time (RFC 3339): what a
    /// due date typed as a day means to the person who typed it.
    pub fn end_of(&self, day: NaiveDate) -> Option<String> {
        use chrono::TimeZone as _;
        let local = day.and_hms_opt(23, 59, 59)?;
        let at = self.zone.tz().from_local_datetime(&local).earliest()?;
        Some(at.with_timezone(&Utc).to_rfc3339())
    }

    fn local(&self, t: &DateTime<Utc>) -> chrono::NaiveDateTime {
        t.with_timezone(&self.zone.tz()).naive_local()
    }

    fn local_now(&self) -> chrono::NaiveDateTime {
        self.local(&self.now)
    }

    fn time(&self, t: &DateTime<Utc>, words: String) -> Time {
        let local = self.local(t);
        Time {
            datetime: t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            title: format!(
                "{} ({})",
                local.format("%A %-d %B %Y, %H:%M"),
                self.zone.name()
            ),
            words,
        }
    }
}

/// A `<time>` element: the words, with the exact moment beside them.
#[derive(Debug, Clone)]
pub struct Time {
    pub datetime: String,
    pub title: String,
    pub words: String,
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every part is ours: digits, names of days and months, a zone name.
        write!(
            f,
            r#"<time datetime="{}" title="{}">{}</time>"#,
            self.datetime, self.title, self.words
        )
    }
}

// Written by this module only from dates and zone names (no one's text),
// so a template may write it as it is.
impl askama::filters::HtmlSafe for Time {}

fn plural(n: i64, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// A date without the year when it is this year's.
fn date_words(today: NaiveDate, d: NaiveDate) -> String {
    if d.year() == today.year() {
        d.format("%-d %b").to_string()
    } else {
        d.format("%-d %b %Y").to_string()
    }
}

/// Words for a moment, seen from `now` (both local).
pub fn moment_words(now: chrono::NaiveDateTime, t: chrono::NaiveDateTime) -> String {
    let secs = (now - t).num_seconds();
    let ago = secs >= 0;
    let s = secs.abs();
    let tail = |w: String| {
        if ago {
            format!("{w} ago")
        } else {
            format!("in {w}")
        }
    };
    match s {
        0..60 => "just now".to_string(),
        60..3600 => tail(plural(s / 60, "minute")),
        3600..86_400 if now.date() == t.date() => tail(plural(s / 3600, "hour")),
        _ => day_words(now.date(), t.date()),
    }
}

/// Words for a day, seen from `today` (both local).
pub fn day_words(today: NaiveDate, d: NaiveDate) -> String {
    match (d - today).num_days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        n @ 2..=13 => format!("in {n} days"),
        n @ -13..=-2 => format!("{} days ago", -n),
        _ => format!("on {}", date_words(today, d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn days_read_as_words_near_today_and_as_dates_further_off() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(day_words(today, d(12, 3)), "today");
        assert_eq!(day_words(today, d(12, 4)), "tomorrow");
        assert_eq!(day_words(today, d(12, 6)), "in 3 days");
        assert_eq!(day_words(today, d(12, 1)), "2 days ago");
        assert_eq!(day_words(today, d(11, 2)), "on 2 Nov");
        assert_eq!(
            day_words(today, NaiveDate::from_ymd_opt(2027, 1, 30).unwrap()),
            "on 30 Jan 2027"
        );
    }

    #[test]
    fn moments_and_days_are_read_in_the_viewers_zone() {
        let now = at("2026-12-03T10:00:00Z");
        let berlin = Zone::new("Europe/Berlin", now);
        let t = berlin.when(&at("2026-12-03T07:00:00Z"));
        assert_eq!(t.words, "3 hours ago");
        assert_eq!(t.title, "Thursday 3 December 2026, 08:00 (Europe/Berlin)");
        assert_eq!(t.datetime, "2026-12-03T07:00:00Z");
        // 23:30 UTC is already tomorrow in Tokyo.
        let tokyo = Zone::new("Asia/Tokyo", now);
        assert_eq!(tokyo.day(&at("2026-12-03T23:30:00Z")).words, "tomorrow");
        assert_eq!(
            Zone::new("UTC", now).day(&at("2026-12-03T23:30:00Z")).words,
            "today"
        );
        assert_eq!(berlin.when(&at("2026-12-03T09:59:30Z")).words, "just now");
        assert_eq!(
            berlin.when(&at("2026-12-03T10:05:00Z")).words,
            "in 5 minutes"
        );
        assert_eq!(Zone::new("Not/AZone", now).name(), "UTC");
        assert_eq!(
            tokyo
                .end_of(NaiveDate::from_ymd_opt(2030, 6, 15).unwrap())
                .as_deref(),
            Some("2030-06-15T14:59:59+00:00")
        );
        assert_eq!(tokyo.name(), "Asia/Tokyo");
    }
}
