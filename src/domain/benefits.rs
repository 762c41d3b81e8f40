//! Benefit situation (uitkeringssituatie, domain.md §9.4): time-bounded records per benefit
//! type, several at once. Who may record and read a benefit follows the agency responsible
//! for it: UWV for the employee insurances, the municipality for the Participatiewet.

code_enum! {
    /// Kind of benefit, by its statutory name.
    BenefitType {
        /// Unemployment benefit.
        Ww = "WW", "Werkloosheidswet";
        /// Sickness benefit, including the safety net.
        Zw = "ZW", "Ziektewet";
        /// WIA, return to work for the partially disabled.
        WiaWga = "WIA_WGA", "WIA – WGA";
        /// WIA, fully and permanently disabled.
        WiaIva = "WIA_IVA", "WIA – IVA";
        /// Legacy disability benefit.
        Wao = "WAO", "WAO";
        /// Young disabled persons (legacy Wajong).
        Wajong = "WAJONG", "Wajong";
        /// Wajong with capacity for work.
        WajongArbeidsvermogen = "WAJONG_ARBEIDSVERMOGEN", "Wajong met arbeidsvermogen";
        /// Wajong without lasting capacity for work.
        WajongDuurzaamGeenArbeidsvermogen = "WAJONG_DUURZAAM_GEEN_ARBEIDSVERMOGEN", "Wajong duurzaam geen arbeidsvermogen";
        /// Legacy self-employed disability benefit.
        Waz = "WAZ", "WAZ";
        /// Social assistance.
        ParticipatiewetBijstand = "PARTICIPATIEWET_BIJSTAND", "bijstand (Participatiewet)";
        /// Older unemployed employees.
        Ioaw = "IOAW", "IOAW";
        /// Older unemployed self-employed.
        Ioaz = "IOAZ", "IOAZ";
        /// Self-employed assistance.
        Bbz = "BBZ", "Bbz";
        /// Surviving dependants.
        Anw = "ANW", "Anw";
        /// Supplementary benefit, combinable with others.
        Tw = "TW", "Toeslagenwet";
        /// No benefit ("nugger").
        None = "NONE", "geen uitkering (niet-uitkeringsgerechtigde)";
        /// Not known.
        Unknown = "UNKNOWN", "onbekend";
    }
}

/// Who is responsible for a benefit (and so for the client's re-integration).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agency {
    /// UWV: the employee insurances and Wajong.
    Uwv,
    /// The municipality: Participatiewet, IOAW, IOAZ, Bbz and people without a benefit.
    Municipality,
    /// Neither alone (Anw is paid by the SVB; unknown is unknown): both may record it.
    Either,
}

impl BenefitType {
    /// The responsible agency (domain.md §9.4).
    #[must_use]
    pub const fn agency(self) -> Agency {
        match self {
            Self::Ww
            | Self::Zw
            | Self::WiaWga
            | Self::WiaIva
            | Self::Wao
            | Self::Wajong
            | Self::WajongArbeidsvermogen
            | Self::WajongDuurzaamGeenArbeidsvermogen
            | Self::Waz
            | Self::Tw => Agency::Uwv,
            Self::ParticipatiewetBijstand | Self::Ioaw | Self::Ioaz | Self::Bbz | Self::None => {
                Agency::Municipality
            }
            Self::Anw | Self::Unknown => Agency::Either,
        }
    }

    /// The benefit types an agency may record and read, for SQL.
    #[must_use]
    pub fn of(agency: Agency) -> Vec<Self> {
        Self::ALL
            .iter()
            .copied()
            .filter(|t| t.agency() == agency || t.agency() == Agency::Either)
            .collect()
    }
}

/// A benefit record: one benefit over a period.
#[derive(Clone, Debug)]
pub struct Benefit {
    /// Id.
    pub id: super::BenefitId,
    /// The client.
    pub client_id: super::ClientId,
    /// Kind.
    pub benefit_type: BenefitType,
    /// First day.
    pub start_date: chrono::NaiveDate,
    /// Last day, once it ended.
    pub end_date: Option<chrono::NaiveDate>,
    /// Percentage (of the full benefit, or of incapacity), if relevant.
    pub percentage: Option<i32>,
    /// The organisation that pays it.
    pub source_organisation_id: super::OrganisationId,
    /// The organisation that recorded it.
    pub origin_organisation_id: super::OrganisationId,
    /// Row version.
    pub version: i64,
    /// Recorded.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last changed.
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// The period and share of a benefit, which can change; the type cannot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub start_date: chrono::NaiveDate,
    /// Last day.
    pub end_date: Option<chrono::NaiveDate>,
    /// Percentage.
    pub percentage: Option<i32>,
}

impl Period {
    /// Checks the dates: a start from 1950 to a year ahead, an end not before the start.
    #[must_use]
    pub fn problems(
        &self,
        today: chrono::NaiveDate,
    ) -> Vec<(&'static str, &'static str, &'static str)> {
        let mut out = Vec::new();
        let earliest =
            chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or(chrono::NaiveDate::MIN);
        let latest = today
            .checked_add_days(chrono::Days::new(366))
            .unwrap_or(chrono::NaiveDate::MAX);
        if self.start_date < earliest || self.start_date > latest {
            out.push((
                "startDate",
                "out_of_range",
                "Must lie between 1950-01-01 and a year from today.",
            ));
        }
        if self.end_date.is_some_and(|end| end < self.start_date) {
            out.push(("endDate", "date_order", "Must not be before startDate."));
        }
        out
    }
}
