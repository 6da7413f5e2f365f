//! Fragments that demo profiles are composed from, and where people work.

/// Offices and how many teams sit in each; the first is headquarters.
pub(super) const OFFICES: &[(&str, u64)] = &[
    ("Europe/Berlin", 4),
    ("Europe/London", 3),
    ("America/New_York", 3),
    ("America/Los_Angeles", 2),
    ("Asia/Singapore", 2),
];

/// Where people who work away from their team's office live.
pub(super) const REMOTE_TIME_ZONES: &[&str] = &[
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Amsterdam",
    "Europe/Warsaw",
    "Europe/Stockholm",
    "Europe/Dublin",
    "Europe/Athens",
    "Europe/Kyiv",
    "America/Chicago",
    "America/Denver",
    "America/Toronto",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Ho_Chi_Minh",
    "Australia/Sydney",
    "Africa/Lagos",
    "Africa/Nairobi",
];

/// Openings of the first "get to know me" sentence; a hobby follows.
pub(super) const HOBBY_OPENINGS: &[&str] = &[
    "Outside work I",
    "Most weekends I",
    "When I'm not at my desk I",
    "In my free time I",
    "After hours I",
];

/// Hobbies, to follow "Outside work I …".
pub(super) const HOBBIES: &[&str] = &[
    "climb at the bouldering gym",
    "bake sourdough bread",
    "play five-a-side football",
    "run half marathons",
    "grow far too many tomatoes",
    "sing in a community choir",
    "restore old bicycles",
    "play chess online",
    "paint watercolours",
    "swim in cold lakes",
    "cook my way through regional cookbooks",
    "play bass in a cover band",
    "hike with my dog",
    "build furniture, slowly",
    "throw pottery",
    "dance salsa",
    "play badminton",
    "take film photographs",
    "volunteer at a food bank",
    "ferment anything I can find",
    "cycle, whatever the weather",
    "read science fiction",
    "do cryptic crosswords",
    "practise yoga",
    "surf, badly but happily",
    "coach my kid's basketball team",
    "play board games with friends",
    "tend an allotment",
];

/// Topics, to follow "Ask me about …".
pub(super) const TOPICS: &[&str] = &[
    "mechanical keyboards",
    "board games",
    "jazz records",
    "the history of typography",
    "birdwatching",
    "houseplants",
    "Formula 1",
    "the Tour de France",
    "mountain huts in the Alps",
    "podcasts worth your commute",
    "my grandmother's dumpling recipe",
    "the best coffee near the office",
    "travelling by night train",
    "vintage synthesizers",
    "trail running shoes",
    "stand-up comedy",
    "origami",
    "urban sketching",
    "the best street food in Singapore",
    "old maps",
];

/// Things being learnt, to follow "I'm currently learning …".
pub(super) const LEARNING: &[&str] = &[
    "Japanese",
    "Spanish",
    "Portuguese",
    "the cello",
    "the piano",
    "to sail",
    "sign language",
    "to juggle",
    "to draw",
    "to bake croissants",
];

/// Companions, to follow "I share my home with …".
pub(super) const PETS: &[&str] = &[
    "a very opinionated cat",
    "two rescue greyhounds",
    "a tortoise older than me",
    "a dog who attends most of my video calls",
    "three chickens",
    "a parrot that has learnt my ringtone",
];

/// How someone likes to be reached: the first half of "how I work".
pub(super) const COMMUNICATION: &[&str] = &[
    "I prefer async written updates",
    "I like to talk things through on a quick call",
    "I'm most responsive in chat threads",
    "I prefer a short written brief before we meet",
    "I'd rather get a quick message than a calendar invite",
    "I like pairing on tricky problems",
    "I do my best thinking at a whiteboard",
    "I write things down, so expect notes after our meetings",
];

/// When someone focuses: the second half of "how I work".
pub(super) const FOCUS: &[&str] = &[
    "mornings are my focus time",
    "I keep afternoons free for deep work",
    "I block Wednesday mornings for focused work",
    "I batch meetings on Tuesdays and Thursdays",
    "I check messages a few times a day rather than constantly",
    "I start early and sign off by five",
    "I work flexible hours, so don't expect instant replies",
    "I try to keep Fridays meeting-free",
];

/// An optional last sentence of "how I work".
pub(super) const WORK_EXTRAS: &[&str] = &[
    "Direct feedback is always welcome.",
    "If something is urgent, call me.",
    "I think out loud, so my first drafts are rough.",
    "Tell me the context, not just the task.",
    "I like to know the why before the how.",
    "Interrupt me if you're stuck; I'd rather help early.",
    "Push back if I over-commit; I'm working on saying no.",
    "I'm happy to review anything, just give me a day.",
];
