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
