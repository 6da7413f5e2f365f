//! People's names for the demo company, grouped by the culture they come from
//! so that a first name and a last name usually belong together, and their
//! ASCII spelling for email addresses.

/// First and last names that go together, and how often the culture appears.
pub(super) struct Culture {
    pub weight: u64,
    pub first: &'static [&'static str],
    pub last: &'static [&'static str],
}

pub(super) const CULTURES: &[Culture] = &[
    Culture {
        weight: 6, // English-speaking
        first: &[
            "Oliver",
            "Emily",
            "James",
            "Charlotte",
            "Harry",
            "Amelia",
            "Jack",
            "Grace",
            "Thomas",
            "Olivia",
            "William",
            "Daniel",
            "Megan",
            "Ethan",
            "Chloe",
            "Ryan",
            "Sarah",
            "Michael",
            "Jessica",
            "Liam",
            "Siobhan",
            "Connor",
            "Aoife",
            "Rachel",
            "Nathan",
        ],
        last: &[
            "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
            "Evans", "Roberts", "Walker", "Wright", "Thompson", "Hughes", "Green", "Hall",
            "Clarke", "Baker", "Carter", "Mitchell", "Turner", "Cooper", "Parker", "Morgan",
            "Bennett", "Murphy", "O'Brien", "Kelly", "Campbell", "MacLeod",
        ],
    },
    Culture {
        weight: 5, // German-speaking
        first: &[
            "Anna",
            "Lukas",
            "Lena",
            "Jonas",
            "Marie",
            "Felix",
            "Sophie",
            "Maximilian",
            "Katharina",
            "Tobias",
            "Jana",
            "Moritz",
            "Clara",
            "Niklas",
            "Hannah",
            "Jürgen",
            "Annika",
            "Florian",
        ],
        last: &[
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Wagner",
            "Becker",
            "Hoffmann",
            "Schäfer",
            "Koch",
            "Richter",
            "Klein",
            "Wolf",
            "Neumann",
            "Schwarz",
            "Zimmermann",
            "Krüger",
            "Hartmann",
            "Braun",
            "Vogel",
        ],
    },
    Culture {
        weight: 4, // Spanish-speaking
        first: &[
            "Sofía",
            "Mateo",
            "Valentina",
            "Santiago",
            "Lucía",
            "Diego",
            "Camila",
            "Alejandro",
            "Isabella",
            "Javier",
            "Martina",
            "Pablo",
            "Carmen",
            "Andrés",
            "Elena",
            "Ximena",
        ],
        last: &[
            "García",
            "Rodríguez",
            "Martínez",
            "López",
            "Hernández",
            "González",
            "Pérez",
            "Sánchez",
            "Ramírez",
            "Torres",
            "Flores",
            "Rivera",
            "Gómez",
            "Díaz",
            "Morales",
            "Ortiz",
            "Castillo",
            "Vargas",
            "Núñez",
        ],
    },
    Culture {
        weight: 3, // Portuguese-speaking
        first: &[
            "João", "Beatriz", "Gabriel", "Mariana", "Rafael", "Ana", "Tiago", "Inês", "Lucas",
            "Larissa", "Rodrigo", "Fernanda", "Thiago", "Leonor",
        ],
        last: &[
            "Silva",
            "Santos",
            "Oliveira",
            "Souza",
            "Costa",
            "Pereira",
            "Almeida",
            "Ferreira",
            "Carvalho",
            "Ribeiro",
            "Gonçalves",
            "Araújo",
            "Barbosa",
            "Rocha",
        ],
    },
    Culture {
        weight: 3, // French-speaking
        first: &[
            "Camille", "Louis", "Chloé", "Hugo", "Léa", "Théo", "Manon", "Antoine", "Juliette",
            "Mathieu", "Inès", "Julien", "Élodie", "Margaux",
        ],
        last: &[
            "Martin",
            "Bernard",
            "Dubois",
            "Durand",
            "Lefèvre",
            "Moreau",
            "Laurent",
            "Simon",
            "Michel",
            "Garnier",
            "Rousseau",
            "Fontaine",
            "Chevalier",
            "Girard",
        ],
    },
    Culture {
        weight: 3, // Italian
        first: &[
            "Giulia",
            "Marco",
            "Francesca",
            "Lorenzo",
            "Chiara",
            "Matteo",
            "Alessia",
            "Davide",
            "Federica",
            "Giovanni",
            "Sara",
            "Luca",
            "Niccolò",
        ],
        last: &[
            "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini",
        ],
    },
    Culture {
        weight: 2, // Dutch
        first: &[
            "Daan", "Sanne", "Bram", "Lotte", "Jeroen", "Femke", "Sem", "Eva", "Ruben", "Anouk",
        ],
        last: &[
            "de Jong",
            "Jansen",
            "de Vries",
            "van den Berg",
            "Bakker",
            "Visser",
            "Smit",
            "Meijer",
            "de Boer",
            "Mulder",
            "Bos",
            "Vos",
        ],
    },
    Culture {
        weight: 2, // Nordic
        first: &[
            "Søren", "Ingrid", "Lars", "Astrid", "Mikkel", "Freja", "Erik", "Sigrid", "Johan",
            "Maja", "Anders", "Linnea", "Oskar", "Saga",
        ],
        last: &[
            "Hansen",
            "Nielsen",
            "Johansson",
            "Andersson",
            "Larsen",
            "Eriksson",
            "Lindqvist",
            "Berg",
            "Halvorsen",
            "Nyström",
            "Jørgensen",
            "Sørensen",
            "Lindgren",
            "Åberg",
        ],
    },
    Culture {
        weight: 2, // Polish
        first: &[
            "Agnieszka",
            "Piotr",
            "Katarzyna",
            "Tomasz",
            "Magdalena",
            "Paweł",
            "Zofia",
            "Michał",
            "Aleksandra",
            "Jakub",
            "Ewa",
        ],
        last: &[
            "Nowak",
            "Wójcik",
            "Mazur",
            "Krawczyk",
            "Kaczmarek",
            "Pawlak",
            "Sikora",
            "Dudek",
            "Wróbel",
            "Jankowiak",
        ],
    },
    Culture {
        weight: 2, // Ukrainian
        first: &[
            "Olena",
            "Andriy",
            "Natalia",
            "Oleksandr",
            "Yulia",
            "Taras",
            "Iryna",
            "Dmytro",
        ],
        last: &[
            "Shevchenko",
            "Kovalenko",
            "Bondarenko",
            "Tkachenko",
            "Kravchenko",
            "Melnyk",
            "Boyko",
            "Marchenko",
            "Lysenko",
            "Savchenko",
        ],
    },
    Culture {
        weight: 2, // Turkish
        first: &[
            "Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Can", "Deniz", "Burak", "Selin", "Kerem",
            "Ece", "Oğuz",
        ],
        last: &[
            "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan",
            "Doğan", "Koç", "Kurt",
        ],
    },
    Culture {
        weight: 2, // Greek
        first: &[
            "Eleni", "Giorgos", "Maria", "Nikos", "Katerina", "Dimitris", "Sofia", "Yannis",
        ],
        last: &[
            "Papadopoulos",
            "Georgiou",
            "Nikolaidis",
            "Konstantinou",
            "Pappas",
            "Alexiou",
        ],
    },
    Culture {
        weight: 2, // Arabic
        first: &[
            "Omar", "Layla", "Youssef", "Nour", "Karim", "Amira", "Hassan", "Yasmin", "Tariq",
            "Salma", "Khalid", "Rania",
        ],
        last: &[
            "Haddad", "Khalil", "Nasser", "Mansour", "Saleh", "Farouk", "Aziz", "Hamdan",
            "Ibrahim", "Suleiman", "Darwish", "El-Amin",
        ],
    },
    Culture {
        weight: 1, // Persian
        first: &[
            "Shirin", "Reza", "Leila", "Arash", "Parisa", "Kian", "Dariush", "Navid",
        ],
        last: &[
            "Ahmadi", "Hosseini", "Karimi", "Moradi", "Rahimi", "Tehrani",
        ],
    },
    Culture {
        weight: 1, // Hebrew
        first: &[
            "Noa", "Yael", "Eitan", "Tamar", "Avi", "Maya", "Itai", "Shira",
        ],
        last: &["Cohen", "Levi", "Mizrahi", "Peretz", "Friedman", "Katz"],
    },
    Culture {
        weight: 5, // Indian
        first: &[
            "Priya",
            "Arjun",
            "Ananya",
            "Rohan",
            "Divya",
            "Vikram",
            "Kavya",
            "Aditya",
            "Meera",
            "Rahul",
            "Sneha",
            "Karthik",
            "Ishaan",
            "Pooja",
            "Neha",
            "Siddharth",
            "Lakshmi",
            "Varun",
        ],
        last: &[
            "Sharma",
            "Patel",
            "Iyer",
            "Reddy",
            "Gupta",
            "Nair",
            "Menon",
            "Singh",
            "Kumar",
            "Rao",
            "Desai",
            "Chatterjee",
            "Banerjee",
            "Mehta",
            "Kapoor",
            "Joshi",
            "Pillai",
            "Krishnan",
        ],
    },
    Culture {
        weight: 4, // Chinese, mainland and Singaporean
        first: &[
            "Wei", "Mei", "Jun", "Xin", "Hao", "Yan", "Lei", "Ying", "Jia", "Ming", "Qian", "Zhen",
            "Jiahui", "Zihan", "Yuxuan", "Shu",
        ],
        last: &[
            "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
            "Sun", "Tan", "Lim", "Ng", "Ong", "Goh", "Teo", "Chua", "Koh",
        ],
    },
    Culture {
        weight: 2, // Japanese
        first: &[
            "Haruto", "Yui", "Sota", "Aoi", "Ren", "Sakura", "Yuto", "Hina", "Kenji", "Emi",
            "Takashi", "Yuki", "Daiki", "Mio",
        ],
        last: &[
            "Sato",
            "Suzuki",
            "Takahashi",
            "Tanaka",
            "Watanabe",
            "Ito",
            "Yamamoto",
            "Nakamura",
            "Kobayashi",
            "Kato",
            "Yoshida",
            "Yamada",
            "Sasaki",
            "Inoue",
            "Kimura",
            "Hayashi",
        ],
    },
    Culture {
        weight: 2, // Korean
        first: &[
            "Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Ji-woo", "Hyun-woo", "Su-bin", "Do-yun",
            "Ye-jin", "Jae-won",
        ],
        last: &[
            "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Han", "Shin",
            "Kwon",
        ],
    },
    Culture {
        weight: 2, // Vietnamese
        first: &[
            "Linh", "Minh", "Anh", "Huy", "Thảo", "Quang", "Trang", "Dũng", "Hương", "Tuấn",
            "Khoa", "Phúc",
        ],
        last: &[
            "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
            "Đỗ", "Ngô", "Dương",
        ],
    },
    Culture {
        weight: 2, // Filipino and Indonesian
        first: &[
            "Paolo", "Andrea", "Miguel", "Bea", "Carlo", "Putri", "Budi", "Sari", "Agus", "Dewi",
            "Rizky", "Ayu",
        ],
        last: &[
            "Reyes",
            "Cruz",
            "Bautista",
            "Ocampo",
            "Mendoza",
            "Villanueva",
            "Wijaya",
            "Santoso",
            "Kusuma",
            "Hidayat",
            "Pratama",
            "Halim",
        ],
    },
    Culture {
        weight: 3, // West and East African
        first: &[
            "Chinedu",
            "Adaeze",
            "Oluwaseun",
            "Ngozi",
            "Tunde",
            "Funmilayo",
            "Emeka",
            "Amara",
            "Kwame",
            "Ama",
            "Kofi",
            "Akosua",
            "Wanjiru",
            "Otieno",
            "Abebe",
            "Selam",
        ],
        last: &[
            "Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Nwosu", "Mensah", "Asante",
            "Boateng", "Owusu", "Mwangi", "Odhiambo", "Kariuki", "Tadesse", "Bekele", "Haile",
        ],
    },
];

/// Letters outside ASCII and how they are spelled in an email address.
const FOLDS: &[(&str, &str)] = &[
    ("àáâãäåāăąạảấầẩẫậắằẳẵặ", "a"),
    ("èéêëēėęěẹẻẽếềểễệ", "e"),
    ("ìíîïīįıịỉĩ", "i"),
    ("òóôõöøōőơọỏốồổỗộớờởỡợ", "o"),
    ("ùúûüūůűųưụủứừửữựũ", "u"),
    ("ýÿỳỵỷỹ", "y"),
    ("çćč", "c"),
    ("đď", "d"),
    ("ğ", "g"),
    ("ł", "l"),
    ("ñńň", "n"),
    ("ř", "r"),
    ("śšşș", "s"),
    ("ţțť", "t"),
    ("źżž", "z"),
    ("ß", "ss"),
    ("æ", "ae"),
    ("œ", "oe"),
];

/// The ASCII spelling of a letter outside ASCII, if it is one we know.
pub(super) fn fold_letter(c: char) -> Option<&'static str> {
    FOLDS
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|&(_, to)| to)
}

/// Appends `name` as it appears in an email address to `out`: lower-case
/// ASCII letters only, diacritics transliterated, spaces, hyphens and
/// apostrophes dropped (`"Jørgensen"` → `jorgensen`, `"de Vries"` → `devries`).
pub(super) fn push_email_part(out: &mut String, name: &str) {
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(folded) = fold_letter(c) {
            out.push_str(folded);
        }
    }
}

/// [`push_email_part`] into a new string.
#[cfg(test)]
pub(super) fn email_part(name: &str) -> String {
    let mut out = String::new();
    push_email_part(&mut out, name);
    out
}
