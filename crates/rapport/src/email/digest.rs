//! The digest email: what is waiting for someone, suggested next steps and
//! the thanks they received, as plain text and HTML.
//!
//! **Privacy.** An email never carries the free text of a miss, a dispute
//! or a check-in: it links to the page, where the person signs in to read
//! it. So these types hold only what may travel: rapport's own sentence
//! about an item ([`DigestItem::text`]), a thank-you's message (written to
//! be read by its recipient) and links. There is no field for a note, an
//! outcome's reason, a dispute or a check-in answer, and none should be
//! added. The subject counts items and names nobody, since it shows on
//! lock screens.

use super::OutgoingEmail;
use askama::Template;

/// How often the person asked to hear from rapport.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Weekly,
    Daily,
}

impl Frequency {
    fn adjective(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Daily => "daily",
        }
    }

    fn period(self) -> &'static str {
        match self {
            Frequency::Weekly => "week",
            Frequency::Daily => "day",
        }
    }
}

/// One line of the digest and the page it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestItem {
    /// rapport's own sentence, e.g. "Mo is waiting for your answer to
    /// \"Review the budget\"" or "Ask Ana for a small favour". It may name
    /// people and a title; never a note, the reason for a miss, a dispute
    /// or a check-in answer.
    pub text: String,
    /// A path under `base_url` (`/delegations/…`) or an absolute URL.
    pub link: String,
}

/// A thank-you the person received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestThanks {
    pub from_name: String,
    /// The thank-you itself: written for the recipient to read.
    pub message: String,
    pub link: String,
}

/// Everything one digest says. Sections without items are left out; an
/// empty digest still renders (the caller decides whether to send it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    pub person_name: String,
    pub frequency: Frequency,
    /// Where people reach rapport, `https://rapport.example.com`.
    pub base_url: String,
    /// Suggested next steps.
    pub nudges: Vec<DigestItem>,
    /// What others are waiting for from this person.
    pub waiting: Vec<DigestItem>,
    pub thanks: Vec<DigestThanks>,
    pub unsubscribe_url: String,
    pub preferences_url: String,
}

impl Digest {
    /// Counts, not names: "Your weekly rapport: 2 thanks, 1 waiting for you".
    pub fn subject(&self) -> String {
        let mut parts = Vec::new();
        if !self.thanks.is_empty() {
            parts.push(format!("{} thanks", self.thanks.len()));
        }
        if !self.waiting.is_empty() {
            parts.push(format!("{} waiting for you", self.waiting.len()));
        }
        if !self.nudges.is_empty() {
            let n = self.nudges.len();
            parts.push(format!("{n} suggestion{}", if n == 1 { "" } else { "s" }));
        }
        let head = format!("Your {} rapport", self.frequency.adjective());
        if parts.is_empty() {
            head
        } else {
            format!("{head}: {}", parts.join(", "))
        }
    }

    /// True when no section has anything in it.
    pub fn is_empty(&self) -> bool {
        self.nudges.is_empty() && self.waiting.is_empty() && self.thanks.is_empty()
    }

    /// The plain-text part and the HTML part (auto-escaped).
    pub fn render(&self) -> (String, String) {
        let view = self.view();
        // Invariant: the templates only format `String`s and `&str`s into a
        // `String`, which cannot fail.
        let text = TextPart { v: &view }
            .render()
            .expect("rendering strings cannot fail");
        let html = HtmlPart { v: &view }
            .render()
            .expect("rendering strings cannot fail");
        (text, html)
    }

    /// The email for this digest, to `to` under a stable `message_id`.
    pub fn email(&self, to: &str, message_id: &str) -> OutgoingEmail {
        let (text, html) = self.render();
        OutgoingEmail {
            to: to.to_owned(),
            to_name: self.person_name.clone(),
            subject: self.subject(),
            text,
            html,
            unsubscribe_url: self.unsubscribe_url.clone(),
            message_id: message_id.to_owned(),
        }
    }

    fn view(&self) -> View<'_> {
        View {
            name: &self.person_name,
            period: self.frequency.period(),
            home_url: self.absolute("/"),
            waiting: self.waiting.iter().map(|i| self.line(i)).collect(),
            nudges: self.nudges.iter().map(|i| self.line(i)).collect(),
            thanks: self
                .thanks
                .iter()
                .map(|t| ThanksLine {
                    from: &t.from_name,
                    message: &t.message,
                    url: self.absolute(&t.link),
                })
                .collect(),
            unsubscribe_url: &self.unsubscribe_url,
            preferences_url: &self.preferences_url,
        }
    }

    fn line<'a>(&self, item: &'a DigestItem) -> Line<'a> {
        Line {
            text: &item.text,
            url: self.absolute(&item.link),
        }
    }

    /// A link as a full URL: absolute ones as they are, paths under
    /// `base_url`.
    fn absolute(&self, link: &str) -> String {
        if link.starts_with("https://") || link.starts_with("http://") {
            link.to_owned()
        } else {
            format!(
                "{}/{}",
                self.base_url.trim_end_matches('/'),
                link.trim_start_matches('/')
            )
        }
    }
}

/// What both templates show, links made absolute.
struct View<'a> {
    name: &'a str,
    period: &'static str,
    home_url: String,
    waiting: Vec<Line<'a>>,
    nudges: Vec<Line<'a>>,
    thanks: Vec<ThanksLine<'a>>,
    unsubscribe_url: &'a str,
    preferences_url: &'a str,
}

struct Line<'a> {
    text: &'a str,
    url: String,
}

struct ThanksLine<'a> {
    from: &'a str,
    message: &'a str,
    url: String,
}

#[derive(Template)]
#[template(path = "email/digest.txt")]
struct TextPart<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "email/digest.html")]
struct HtmlPart<'a> {
    v: &'a View<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest() -> Digest {
        Digest {
            person_name: "Mo Member".into(),
            frequency: Frequency::Weekly,
            base_url: "https://rapport.example.com/".into(),
            nudges: vec![DigestItem {
                text: "Ask Ana for a small favour".into(),
                link: "/people/ana".into(),
            }],
            waiting: vec![
                DigestItem {
                    text: "Ben is waiting for your answer to \"Budget\"".into(),
                    link: "/delegations/1".into(),
                },
                DigestItem {
                    text: "Cy asked for help with SQL".into(),
                    link: "https://rapport.example.com/help/2".into(),
                },
            ],
            thanks: vec![DigestThanks {
                from_name: "Ana".into(),
                message: "Thanks for the review!".into(),
                link: "/thanks".into(),
            }],
            unsubscribe_url: "https://rapport.example.com/unsubscribe/t0k".into(),
            preferences_url: "https://rapport.example.com/me/email".into(),
        }
    }

    fn empty() -> Digest {
        Digest {
            nudges: vec![],
            waiting: vec![],
            thanks: vec![],
            ..digest()
        }
    }

    /// The subject counts what is inside and names nobody.
    #[test]
    fn the_subject_counts_items() {
        assert_eq!(
            digest().subject(),
            "Your weekly rapport: 1 thanks, 2 waiting for you, 1 suggestion"
        );
        let daily = Digest {
            frequency: Frequency::Daily,
            ..empty()
        };
        assert_eq!(daily.subject(), "Your daily rapport");
    }

    /// Every section appears, with absolute links, in both parts.
    #[test]
    fn a_full_digest_shows_every_section() {
        let (text, html) = digest().render();
        for part in [&text, &html] {
            for needle in [
                "Waiting for you",
                "Next steps",
                "Thanks you received",
                "https://rapport.example.com/people/ana",
                "https://rapport.example.com/delegations/1",
                "https://rapport.example.com/help/2",
                "https://rapport.example.com/thanks",
                "https://rapport.example.com/unsubscribe/t0k",
                "https://rapport.example.com/me/email",
            ] {
                assert!(part.contains(needle), "{needle:?} missing in\n{part}");
            }
        }
        assert!(text.contains("Hello Mo Member,"), "{text}");
        assert!(text.contains("Thanks for the review!"), "{text}");
    }

    /// Sections without items are left out, and an empty digest renders.
    #[test]
    fn empty_sections_are_omitted() {
        let only_thanks = Digest {
            nudges: vec![],
            waiting: vec![],
            ..digest()
        };
        let (text, html) = only_thanks.render();
        for part in [&text, &html] {
            assert!(part.contains("Thanks you received"));
            assert!(!part.contains("Waiting for you"));
            assert!(!part.contains("Next steps"));
        }
        let (text, html) = empty().render();
        assert!(empty().is_empty());
        for part in [&text, &html] {
            assert!(!part.contains("Thanks you received"));
            assert!(!part.contains("Waiting for you"));
            assert!(!part.contains("Next steps"));
            assert!(part.contains("Nothing new this week"), "{part}");
            assert!(part.contains("https://rapport.example.com/unsubscribe/t0k"));
        }
    }

    /// Names and messages are escaped in HTML, left as written in text.
    #[test]
    fn html_special_characters_are_escaped() {
        let mut d = digest();
        d.person_name = "<b>Mo & \"Co\"</b>".into();
        d.thanks[0].message = "<script>alert(1)</script>".into();
        let (text, html) = d.render();
        assert!(!html.contains("<b>Mo"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("&#60;b&#62;Mo &#38; &#34;Co&#34;&#60;/b&#62;"),
            "{html}"
        );
        assert!(text.contains("<b>Mo & \"Co\"</b>"), "{text}");
    }

    /// The text part reads well: no runs of blank lines from the template.
    #[test]
    fn the_text_part_has_no_blank_runs() {
        for d in [digest(), empty()] {
            let (text, _) = d.render();
            assert!(!text.contains("\n\n\n"), "{text}");
            assert!(!text.starts_with('\n'));
        }
    }

    /// The email made from a digest carries its subject, parts and links.
    #[test]
    fn a_digest_becomes_an_email() {
        let d = digest();
        let m = d.email("mo@example.com", "digest.1@rapport.example.com");
        assert_eq!(m.to_name, "Mo Member");
        assert_eq!(m.subject, d.subject());
        assert_eq!((m.text, m.html), d.render());
        assert_eq!(m.unsubscribe_url, d.unsubscribe_url);
    }
}
