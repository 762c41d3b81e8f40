//! Where the seeded clients live: the 35 labour-market regions with a relative size, and a
//! few municipalities in each (the region's central city first).
//!
//! This is benchmark data, not reference data: the sizes are rough shares of the working-age
//! population, and the municipalities are a handful per region rather than the CBS table of
//! any year (werkpad does not ship that table; the operator imports it). The seeder loads
//! exactly these rows into `municipalities`, so every seeded client's municipality lies in
//! its region there.

/// A region: code, relative size, municipalities (code, name), central city first.
pub type Region = (&'static str, u32, &'static [(&'static str, &'static str)]);

/// Every region of the migrations' `labour_market_regions`, in code order (the seeder
/// checks that against the database and takes the names from there).
pub const REGIONS: [Region; 35] = [
    (
        "AM01",
        59,
        &[
            ("GM0014", "Groningen"),
            ("GM1952", "Midden-Groningen"),
            ("GM0037", "Stadskanaal"),
        ],
    ),
    (
        "AM02",
        65,
        &[
            ("GM0080", "Leeuwarden"),
            ("GM0074", "Heerenveen"),
            ("GM0072", "Harlingen"),
        ],
    ),
    (
        "AM03",
        49,
        &[
            ("GM0106", "Assen"),
            ("GM0114", "Emmen"),
            ("GM0118", "Hoogeveen"),
            ("GM0119", "Meppel"),
        ],
    ),
    (
        "AM05",
        63,
        &[
            ("GM0153", "Enschede"),
            ("GM0164", "Hengelo"),
            ("GM0141", "Almelo"),
        ],
    ),
    (
        "AM06",
        60,
        &[
            ("GM0200", "Apeldoorn"),
            ("GM0150", "Deventer"),
            ("GM0301", "Zutphen"),
            ("GM0243", "Harderwijk"),
        ],
    ),
    (
        "AM07",
        65,
        &[
            ("GM0202", "Arnhem"),
            ("GM0275", "Rheden"),
            ("GM0274", "Renkum"),
        ],
    ),
    (
        "AM08",
        55,
        &[
            ("GM0268", "Nijmegen"),
            ("GM0209", "Beuningen"),
            ("GM0252", "Heumen"),
        ],
    ),
    (
        "AM09",
        30,
        &[
            ("GM0222", "Doetinchem"),
            ("GM0294", "Winterswijk"),
            ("GM0197", "Aalten"),
        ],
    ),
    (
        "AM10",
        25,
        &[
            ("GM0281", "Tiel"),
            ("GM0216", "Culemborg"),
            ("GM0297", "Zaltbommel"),
        ],
    ),
    (
        "AM11",
        43,
        &[
            ("GM0034", "Almere"),
            ("GM0995", "Lelystad"),
            ("GM0171", "Noordoostpolder"),
        ],
    ),
    (
        "AM12",
        25,
        &[
            ("GM0402", "Hilversum"),
            ("GM1942", "Gooise Meren"),
            ("GM0406", "Huizen"),
        ],
    ),
    (
        "AM13",
        90,
        &[
            ("GM0344", "Utrecht"),
            ("GM0356", "Nieuwegein"),
            ("GM0321", "Houten"),
            ("GM0353", "IJsselstein"),
        ],
    ),
    (
        "AM14",
        30,
        &[
            ("GM0307", "Amersfoort"),
            ("GM0342", "Soest"),
            ("GM0327", "Leusden"),
        ],
    ),
    (
        "AM15",
        65,
        &[
            ("GM0361", "Alkmaar"),
            ("GM0400", "Den Helder"),
            ("GM0405", "Hoorn"),
        ],
    ),
    (
        "AM17",
        34,
        &[
            ("GM0479", "Zaanstad"),
            ("GM0439", "Purmerend"),
            ("GM0385", "Edam-Volendam"),
        ],
    ),
    (
        "AM18",
        135,
        &[
            ("GM0363", "Amsterdam"),
            ("GM0362", "Amstelveen"),
            ("GM0394", "Haarlemmermeer"),
            ("GM0384", "Diemen"),
        ],
    ),
    (
        "AM19",
        56,
        &[
            ("GM0546", "Leiden"),
            ("GM0484", "Alphen aan den Rijn"),
            ("GM0537", "Katwijk"),
        ],
    ),
    (
        "AM20",
        22,
        &[
            ("GM0513", "Gouda"),
            ("GM0627", "Waddinxveen"),
            ("GM1901", "Bodegraven-Reeuwijk"),
        ],
    ),
    (
        "AM21",
        110,
        &[
            ("GM0518", "'s-Gravenhage"),
            ("GM0503", "Delft"),
            ("GM1916", "Leidschendam-Voorburg"),
            ("GM0603", "Rijswijk"),
        ],
    ),
    (
        "AM22",
        135,
        &[
            ("GM0599", "Rotterdam"),
            ("GM0606", "Schiedam"),
            ("GM0622", "Vlaardingen"),
            ("GM0502", "Capelle aan den IJssel"),
        ],
    ),
    (
        "AM23",
        29,
        &[
            ("GM0505", "Dordrecht"),
            ("GM0590", "Papendrecht"),
            ("GM0642", "Zwijndrecht"),
        ],
    ),
    (
        "AM24",
        39,
        &[
            ("GM0687", "Middelburg"),
            ("GM0718", "Vlissingen"),
            ("GM0664", "Goes"),
            ("GM0715", "Terneuzen"),
        ],
    ),
    (
        "AM25",
        65,
        &[
            ("GM0758", "Breda"),
            ("GM1674", "Roosendaal"),
            ("GM0748", "Bergen op Zoom"),
            ("GM0826", "Oosterhout"),
        ],
    ),
    (
        "AM26",
        47,
        &[
            ("GM0855", "Tilburg"),
            ("GM0867", "Waalwijk"),
            ("GM0785", "Goirle"),
        ],
    ),
    (
        "AM27",
        65,
        &[
            ("GM0796", "'s-Hertogenbosch"),
            ("GM0828", "Oss"),
            ("GM1948", "Meierijstad"),
        ],
    ),
    (
        "AM28",
        75,
        &[
            ("GM0772", "Eindhoven"),
            ("GM0861", "Veldhoven"),
            ("GM0753", "Best"),
        ],
    ),
    (
        "AM29",
        29,
        &[
            ("GM0983", "Venlo"),
            ("GM0984", "Venray"),
            ("GM1894", "Peel en Maas"),
        ],
    ),
    (
        "AM30",
        60,
        &[
            ("GM0935", "Maastricht"),
            ("GM0917", "Heerlen"),
            ("GM1883", "Sittard-Geleen"),
            ("GM0928", "Kerkrade"),
        ],
    ),
    (
        "AM32",
        29,
        &[
            ("GM0794", "Helmond"),
            ("GM0762", "Deurne"),
            ("GM1771", "Geldrop-Mierlo"),
        ],
    ),
    (
        "AM33",
        24,
        &[
            ("GM0957", "Roermond"),
            ("GM0988", "Weert"),
            ("GM1640", "Leudal"),
        ],
    ),
    (
        "AM34",
        28,
        &[
            ("GM0637", "Zoetermeer"),
            ("GM1621", "Lansingerland"),
            ("GM1926", "Pijnacker-Nootdorp"),
        ],
    ),
    (
        "AM35",
        11,
        &[("GM0512", "Gorinchem"), ("GM1978", "Molenlanden")],
    ),
    ("AM36", 35, &[("GM0193", "Zwolle"), ("GM0166", "Kampen")]),
    (
        "AM37",
        54,
        &[
            ("GM0392", "Haarlem"),
            ("GM0453", "Velsen"),
            ("GM0375", "Beverwijk"),
        ],
    ),
    (
        "AM38",
        36,
        &[
            ("GM0228", "Ede"),
            ("GM0289", "Wageningen"),
            ("GM0203", "Barneveld"),
        ],
    ),
];

/// Given names, family names: enough for a plausible mix, not for uniqueness.
pub const GIVEN: [&str; 48] = [
    "Sanne", "Mohamed", "Lotte", "Kevin", "Fatima", "Jeroen", "Priya", "Dennis", "Naima", "Bas",
    "Esra", "Thijs", "Anouk", "Rachid", "Iris", "Gerrit", "Yusuf", "Marieke", "Daan", "Samira",
    "Ruben", "Ilse", "Hamza", "Femke", "Joost", "Aylin", "Niels", "Sevda", "Wouter", "Nora", "Tim",
    "Latifa", "Roel", "Emma", "Ibrahim", "Kim", "Mark", "Shanti", "Arjen", "Yara", "Sem", "Zeynep",
    "Pieter", "Maaike", "Omar", "Julia", "Henk", "Amira",
];

/// Family names.
pub const FAMILY: [&str; 48] = [
    "de Vries",
    "El Amrani",
    "Jansen",
    "Bakker",
    "Yilmaz",
    "Visser",
    "Ramdin",
    "Smit",
    "Bouzid",
    "Mulder",
    "Kaya",
    "de Boer",
    "Meijer",
    "Tahiri",
    "Kok",
    "van Dijk",
    "Pinas",
    "de Jong",
    "Janssen",
    "van den Berg",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Çelik",
    "de Wit",
    "Dijkstra",
    "Ouali",
    "Vermeulen",
    "van Leeuwen",
    "Kramer",
    "Özdemir",
    "Postma",
    "Willems",
    "Hoekstra",
    "Boukhari",
    "van der Meer",
    "Koster",
    "Prins",
    "Sedney",
    "Huisman",
    "Peeters",
    "van Wijk",
    "Aydın",
    "Bos",
    "Kuipers",
    "Maas",
    "Verbeek",
    "Haddou",
];

/// Employer sectors, each with job titles found there.
pub const SECTORS: [(&str, &[&str]); 10] = [
    (
        "Zorg en welzijn",
        &[
            "Medewerker facilitaire dienst",
            "Helpende zorg",
            "Gastvrouw",
            "Medewerker huishouding",
        ],
    ),
    (
        "Horeca",
        &["Medewerker bediening", "Keukenhulp", "Afwasser", "Barista"],
    ),
    (
        "Detailhandel",
        &[
            "Vakkenvuller",
            "Verkoopmedewerker",
            "Kassamedewerker",
            "Medewerker magazijn",
        ],
    ),
    (
        "Logistiek",
        &[
            "Orderpicker",
            "Heftruckchauffeur",
            "Medewerker expeditie",
            "Bezorger",
        ],
    ),
    (
        "Groen",
        &[
            "Hovenier",
            "Medewerker groenvoorziening",
            "Kwekerijmedewerker",
        ],
    ),
    (
        "Techniek",
        &[
            "Monteur",
            "Productiemedewerker",
            "Assemblagemedewerker",
            "Fietsenmaker",
        ],
    ),
    (
        "Zakelijke dienstverlening",
        &[
            "Administratief medewerker",
            "Receptionist",
            "Medewerker klantenservice",
            "Postkamermedewerker",
        ],
    ),
    (
        "ICT",
        &[
            "Servicedeskmedewerker",
            "Testmedewerker",
            "Junior ontwikkelaar",
        ],
    ),
    (
        "Schoonmaak",
        &["Schoonmaker", "Glazenwasser", "Medewerker schoonmaak"],
    ),
    (
        "Onderwijs",
        &["Conciërge", "Onderwijsassistent", "Medewerker kantine"],
    ),
];

/// Words employer names are made of: a trade and a name.
pub const EMPLOYER_TRADES: [&str; 16] = [
    "Bakkerij",
    "Hotel",
    "Groenbedrijf",
    "Fietsenmakerij",
    "Logistiek Centrum",
    "Zorgcentrum",
    "Supermarkt",
    "Technisch Bureau",
    "Schoonmaakbedrijf",
    "Restaurant",
    "Drukkerij",
    "Installatiebedrijf",
    "Kwekerij",
    "Kantoorservice",
    "Garage",
    "Koffiebranderij",
];

/// The second half of an employer's name.
pub const EMPLOYER_NAMES: [&str; 24] = [
    "De Korenaar",
    "Amstelzicht",
    "Het Anker",
    "De Linde",
    "Spaak",
    "De Molen",
    "Noorderlicht",
    "De Hoeve",
    "Zonnewende",
    "De Eik",
    "Westpoort",
    "Het Baken",
    "De Zwaan",
    "Kroon",
    "De Ster",
    "Vlietland",
    "Horizon",
    "De Brug",
    "Het Gilde",
    "Oranje",
    "De Kade",
    "Bloesem",
    "Vonk",
    "De Toren",
];

#[cfg(test)]
mod tests {
    use super::REGIONS;

    #[test]
    fn regions_are_in_code_order_and_no_municipality_is_in_two() {
        assert!(REGIONS.windows(2).all(|w| w[0].0 < w[1].0));
        let mut codes: Vec<&str> = REGIONS
            .iter()
            .flat_map(|(_, _, m)| m.iter().map(|(c, _)| *c))
            .collect();
        let all = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all);
    }
}
