//! My relationship map: me in the middle, the colleagues I have a history
//! with around me, nearer the more we rely on each other, arrows from who
//! asked to who was asked, a colour per team. Only my own ties: the map is
//! drawn from my relationships and nothing else, so nobody else's ties can
//! appear on it.

use super::{NO_TEAM, PALETTE, Svg, escape, initials, num};
use rapport_core::picture::{Point, RadialLayout, Spoke};

/// One colleague on the map.
#[derive(Debug, Clone)]
pub struct MapPerson {
    pub name: String,
    /// Keeps the layout steady from one visit to the next.
    pub key: u64,
    /// The team's place in the legend, and its name.
    pub team: Option<(u32, String)>,
    /// 0 (far) to 1 (closest).
    pub closeness: f64,
    /// I asked them for something (a delegation or help).
    pub i_asked: bool,
    /// They asked me.
    pub they_asked: bool,
}

const LAYOUT: RadialLayout = RadialLayout {
    size: 480.0,
    node: 18.0,
};

fn team_colour(team: &Option<(u32, String)>) -> &'static str {
    match team {
        Some((k, _)) => PALETTE[*k as usize % PALETTE.len()],
        None => NO_TEAM,
    }
}

/// The whole map as an SVG document; `seed` keeps it steady for a person.
pub fn relationship_map(me: &str, people: &[MapPerson], seed: u64) -> String {
    let shown = people.len().min(LAYOUT.capacity());
    let people = &people[..shown];
    let mut teams: Vec<(u32, &str)> = people
        .iter()
        .filter_map(|p| p.team.as_ref().map(|(k, n)| (*k, n.as_str())))
        .collect();
    teams.sort_unstable();
    teams.dedup();
    let any_without_team = people.iter().any(|p| p.team.is_none());
    let legend_rows = teams.len() + usize::from(any_without_team) + 1;
    let height = LAYOUT.size + 22.0 * legend_rows as f64 + 10.0;
    let desc = if people.is_empty() {
        "You are in the middle. Nobody is on your map yet: it fills in as you and your colleagues ask each other for things.".to_string()
    } else {
        format!(
            "You are in the middle, with {} around you: nearer the more you rely on each other. Arrows point from who asked to who was asked. Colours show teams.",
            match shown {
                1 => "1 colleague".to_string(),
                n => format!("{n} colleagues"),
            }
        )
    };
    let mut svg = Svg::new("map", LAYOUT.size, height, "Your relationship map", &desc);
    svg.raw(concat!(
        r##"<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">"##,
        r##"<path d="M0,0 L10,5 L0,10 z" fill="#4f5868"/></marker></defs>"##
    ));
    let c = LAYOUT.centre();
    for ring in [0.33, 0.66, 1.0] {
        svg.raw(&format!(
            r##"<circle cx="{}" cy="{}" r="{}" fill="none" stroke="#e3e7ee"/>"##,
            num(c.x),
            num(c.y),
            num((LAYOUT.size / 2.0 - 4.0) * ring)
        ));
    }
    let spokes: Vec<Spoke> = people
        .iter()
        .map(|p| Spoke {
            closeness: p.closeness,
            group: p.team.as_ref().map_or(u32::MAX, |(k, _)| *k),
            key: p.key,
        })
        .collect();
    let placed = LAYOUT.place(&spokes, seed);
    for (p, at) in people.iter().zip(&placed) {
        arrow(&mut svg, c, *at, p);
    }
    for (p, at) in people.iter().zip(&placed) {
        // A title per colleague: the full name on hover, and for screen
        // readers that walk the picture's parts.
        let team = p.team.as_ref().map_or("no team", |(_, n)| n.as_str());
        let ties = match (p.i_asked, p.they_asked) {
            (true, true) => "you ask each other",
            (true, false) => "you asked them",
            (false, _) => "they asked you",
        };
        svg.raw(&format!(
            "<g><title>{}</title>",
            escape(&format!("{}, {team}: {ties}", p.name))
        ));
        node(&mut svg, *at, &p.name, team_colour(&p.team), false);
        svg.raw("</g>");
    }
    node(&mut svg, c, me, "#17233b", true);
    let mut y = LAYOUT.size + 14.0;
    let mut key = |svg: &mut Svg, colour: &str, label: &str| {
        svg.raw(&format!(
            r#"<circle cx="16" cy="{}" r="7" fill="{}"/>"#,
            num(y - 4.0),
            colour
        ));
        svg.text(30.0, y, 13.0, "start", "#1d2330", label);
        y += 22.0;
    };
    for (k, name) in &teams {
        key(&mut svg, PALETTE[*k as usize % PALETTE.len()], name);
    }
    if any_without_team {
        key(&mut svg, NO_TEAM, "no team");
    }
    svg.raw(&format!(
        r##"<line x1="10" y1="{y}" x2="40" y2="{y}" stroke="#4f5868" stroke-width="2" marker-end="url(#head)"/>"##,
        y = num(y - 4.0)
    ));
    svg.text(
        48.0,
        y,
        13.0,
        "start",
        "#1d2330",
        "from who asked to who was asked",
    );
    svg.finish()
}

/// The line between me and a colleague, with a head at each end someone
/// was asked, thicker the closer we are.
fn arrow(svg: &mut Svg, me: Point, them: Point, p: &MapPerson) {
    let (dx, dy) = (them.x - me.x, them.y - me.y);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let gap = LAYOUT.node + 3.0;
    let (ux, uy) = (dx / len, dy / len);
    let start = Point {
        x: me.x + ux * gap,
        y: me.y + uy * gap,
    };
    let end = Point {
        x: them.x - ux * gap,
        y: them.y - uy * gap,
    };
    let width = 1.0 + 3.0 * p.closeness.clamp(0.0, 1.0);
    let mut heads = String::new();
    if p.i_asked {
        heads.push_str(r#" marker-end="url(#head)""#);
    }
    if p.they_asked {
        heads.push_str(r#" marker-start="url(#head)""#);
    }
    svg.raw(&format!(
        r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#8a93a3" stroke-width="{}"{heads}/>"##,
        num(start.x),
        num(start.y),
        num(end.x),
        num(end.y),
        num(width),
    ));
}

/// A person: a circle in their team's colour with their initials, and
/// their first name below.
fn node(svg: &mut Svg, at: Point, name: &str, colour: &str, me: bool) {
    let r = if me { LAYOUT.node + 4.0 } else { LAYOUT.node };
    svg.raw(&format!(
        r##"<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#fff" stroke-width="2"/>"##,
        num(at.x),
        num(at.y),
        num(r),
        colour
    ));
    let label = if me {
        "You".to_string()
    } else {
        initials(name)
    };
    svg.text(at.x, at.y + 4.5, 13.0, "middle", "#fff", &label);
    if !me {
        let first = name.split_whitespace().next().unwrap_or(name);
        svg.raw(&format!(
            r##"<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#1d2330" font-family="system-ui, sans-serif" paint-order="stroke" stroke="#fff" stroke-width="3">{}</text>"##,
            num(at.x),
            num(at.y + r + 12.0),
            escape(first)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, key: u64, team: Option<u32>) -> MapPerson {
        MapPerson {
            name: name.into(),
            key,
            team: team.map(|k| (k, format!("Team {k}"))),
            closeness: 0.5,
            i_asked: true,
            they_asked: key.is_multiple_of(2),
        }
    }

    #[test]
    fn the_map_names_itself_and_everyone_on_it() {
        let svg = relationship_map(
            "Mo Member",
            &[person("Ana Li", 1, Some(0)), person("Bo <x>", 2, None)],
            7,
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("<title id=\"map-t\">Your relationship map</title>"));
        assert!(svg.contains("with 2 colleagues around you"));
        assert!(svg.contains(">AL<") && svg.contains(">Ana<"));
        assert!(svg.contains(">Bo<") && !svg.contains("<x>"));
        assert!(svg.contains(">Team 0<") && svg.contains(">no team<"));
        // One arrow head for a one-way tie, two for a tie both ways.
        assert_eq!(svg.matches("marker-end=\"url(#head)\"").count(), 3);
        assert_eq!(svg.matches("marker-start=\"url(#head)\"").count(), 1);
        assert_eq!(
            svg,
            relationship_map(
                "Mo Member",
                &[person("Ana Li", 1, Some(0)), person("Bo <x>", 2, None)],
                7
            )
        );
    }

    #[test]
    fn an_empty_map_says_how_it_fills_in() {
        let svg = relationship_map("Mo", &[], 1);
        assert!(svg.contains("Nobody is on your map yet"));
    }
}
