//! Where things go in the pictures rapport draws. Pure geometry: the shell
//! draws the SVG; this decides positions, so that the rules (deterministic
//! for a seed, everyone inside the picture, nobody on top of anyone) can be
//! tested without drawing.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One colleague around me on my relationship map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spoke {
    /// 0 (far) to 1 (closest): how much we rely on each other.
    pub closeness: f64,
    /// Colleagues of one group (a team) sit next to each other.
    pub group: u32,
    /// Breaks ties in the order around the circle, so the same people are
    /// always placed the same way (an id's bits, say).
    pub key: u64,
}

/// A point in the picture, in the picture's units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// A square picture of side `size` with me in the middle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadialLayout {
    pub size: f64,
    /// The radius of one colleague's circle.
    pub node: f64,
}

impl RadialLayout {
    pub fn centre(&self) -> Point {
        Point {
            x: self.size / 2.0,
            y: self.size / 2.0,
        }
    }

    /// The rings colleagues sit on, innermost first, each with how many
    /// fit on it side by side.
    fn rings(&self) -> Vec<(f64, usize)> {
        let outer = self.size / 2.0 - self.node - 2.0;
        let inner = (self.node * 3.5).min(outer);
        let step = self.node * 2.1;
        let count = ((outer - inner) / step).floor() as usize + 1;
        (0..count)
            .map(|k| {
                let r = inner + step * k as f64;
                let fits = (std::f64::consts::TAU * r / (self.node * 2.3)).floor() as usize;
                (r, fits.max(1))
            })
            .collect()
    }

    /// How many colleagues the picture has room for.
    pub fn capacity(&self) -> usize {
        self.rings().iter().map(|&(_, fits)| fits).sum()
    }

    /// Places the spokes (same order as given; at most [`capacity`], the
    /// rest are not placed): closer colleagues on inner rings, groups side
    /// by side around the circle, evenly spaced on each ring so that nobody
    /// overlaps, with a small turn drawn from `seed` so the map does not
    /// look mechanical. The same spokes and seed always give the same
    /// picture.
    ///
    /// [`capacity`]: RadialLayout::capacity
    pub fn place(&self, spokes: &[Spoke], seed: u64) -> Vec<Point> {
        let rings = self.rings();
        let n = spokes.len().min(self.capacity());
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // Everyone's place in one turn around the circle: groups together.
        let mut around: Vec<usize> = (0..n).collect();
        around.sort_by_key(|&i| (spokes[i].group, spokes[i].key));
        let turn = rng.gen_range(0.0..std::f64::consts::TAU);
        let mut preferred = vec![0.0; n];
        for (k, &i) in around.iter().enumerate() {
            preferred[i] = turn + std::f64::consts::TAU * k as f64 / n as f64;
        }
        // Closest first, each to the ring its closeness asks for, or the
        // next one out with room (inward when the outer rings are full).
        let mut by_closeness: Vec<usize> = (0..n).collect();
        by_closeness.sort_by(|&a, &b| {
            spokes[b]
                .closeness
                .total_cmp(&spokes[a].closeness)
                .then(spokes[a].key.cmp(&spokes[b].key))
        });
        let last = rings.len() - 1;
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); rings.len()];
        for i in by_closeness {
            let wanted =
                ((1.0 - spokes[i].closeness.clamp(0.0, 1.0)) * last as f64).round() as usize;
            let ring = (wanted..=last)
                .chain((0..wanted).rev())
                .find(|&k| members[k].len() < rings[k].1)
                .expect("fewer spokes than the capacity");
            members[ring].push(i);
        }
        let c = self.centre();
        let mut placed = vec![c; spokes.len()];
        for (k, ring) in members.iter_mut().enumerate() {
            if ring.is_empty() {
                continue;
            }
            ring.sort_by(|&a, &b| preferred[a].total_cmp(&preferred[b]));
            let (r, _) = rings[k];
            let slot = std::f64::consts::TAU / ring.len() as f64;
            let base = preferred[ring[0]];
            for (j, &i) in ring.iter().enumerate() {
                let angle = base + slot * (j as f64 + rng.gen_range(-0.1..0.1));
                placed[i] = Point {
                    x: c.x + r * angle.cos(),
                    y: c.y + r * angle.sin(),
                };
            }
        }
        placed.truncate(n);
        placed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LAYOUT: RadialLayout = RadialLayout {
        size: 480.0,
        node: 18.0,
    };

    fn spokes(n: usize) -> Vec<Spoke> {
        (0..n)
            .map(|k| Spoke {
                closeness: (k % 7) as f64 / 6.0,
                group: (k % 3) as u32,
                key: k as u64 * 7919,
            })
            .collect()
    }

    fn dist(a: Point, b: Point) -> f64 {
        ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
    }

    #[test]
    fn the_same_spokes_and_seed_give_the_same_map() {
        let s = spokes(12);
        assert_eq!(LAYOUT.place(&s, 42), LAYOUT.place(&s, 42));
        assert_ne!(LAYOUT.place(&s, 42), LAYOUT.place(&s, 43));
    }

    #[test]
    fn closer_colleagues_sit_nearer_the_middle() {
        let s = [
            Spoke {
                closeness: 1.0,
                group: 0,
                key: 1,
            },
            Spoke {
                closeness: 0.0,
                group: 0,
                key: 2,
            },
        ];
        let p = LAYOUT.place(&s, 7);
        let c = LAYOUT.centre();
        assert!(dist(p[0], c) < dist(p[1], c), "{p:?}");
    }

    #[test]
    fn everyone_gets_a_place_up_to_the_capacity() {
        assert!(LAYOUT.place(&[], 1).is_empty());
        assert_eq!(LAYOUT.place(&spokes(1), 1).len(), 1);
        assert!(LAYOUT.capacity() >= 90, "{}", LAYOUT.capacity());
        let many = LAYOUT.capacity() + 5;
        assert_eq!(LAYOUT.place(&spokes(many), 1).len(), LAYOUT.capacity());
    }

    proptest! {
        /// Everyone is drawn whole inside the picture, and nobody covers
        /// me or anyone else, up to a crowded map.
        #[test]
        fn everyone_stays_inside_and_apart(
            closeness in proptest::collection::vec(0.0f64..=1.0, 1..90),
            seed in any::<u64>(),
        ) {
            let s: Vec<Spoke> = closeness
                .iter()
                .enumerate()
                .map(|(k, &c)| Spoke { closeness: c, group: (k % 4) as u32, key: k as u64 })
                .collect();
            let p = LAYOUT.place(&s, seed);
            let c = LAYOUT.centre();
            for (i, a) in p.iter().enumerate() {
                prop_assert!(a.x - LAYOUT.node >= 0.0 && a.x + LAYOUT.node <= LAYOUT.size, "{a:?}");
                prop_assert!(a.y - LAYOUT.node >= 0.0 && a.y + LAYOUT.node <= LAYOUT.size, "{a:?}");
                prop_assert!(dist(*a, c) >= LAYOUT.node * 2.0, "on top of me: {a:?}");
                for b in &p[i + 1..] {
                    prop_assert!(dist(*a, *b) >= LAYOUT.node * 1.6, "{a:?} and {b:?} overlap");
                }
            }
        }
    }
}
