//! Data categories (domain.md §8.3): the unit in which consent is given, access is decided
//! and the audit log records what was touched.

code_enum! {
    /// A category of client data.
    DataCategory {
        /// Name, birth date, contact details, municipality of residence.
        Identity = "IDENTITY", "identiteit (naam, contactgegevens)";
        /// Citizen service number.
        Bsn = "BSN", "burgerservicenummer";
        /// EPA / CMD / other, as attested by the GGZ institution; never a diagnosis.
        TargetGroupAttestation = "TARGET_GROUP_ATTESTATION", "doelgroepverklaring";
        /// Work-relevant functional advice agreed with the client.
        FunctionalAdvice = "FUNCTIONAL_ADVICE", "werkrelevante aandachtspunten";
        /// Preferences, work history, education, strengths; the disclosure choice.
        VocationalProfile = "VOCATIONAL_PROFILE", "beroepsprofiel";
        /// Trajectory status, dates, transitions, financing and support activities.
        TrajectoryStatus = "TRAJECTORY_STATUS", "trajectstatus en -data";
        /// Contacts with employers about the client.
        EmployerContacts = "EMPLOYER_CONTACTS", "werkgeverscontacten";
        /// Jobs and other placements.
        Placements = "PLACEMENTS", "plaatsingen";
        /// Benefit situation.
        Benefits = "BENEFITS", "uitkeringssituatie";
        /// Jobcoach provisions and their hours.
        Jobcoaching = "JOBCOACHING", "jobcoachvoorziening";
        /// Life-domain scores.
        Zrm = "ZRM", "zelfredzaamheidsscores (ZRM)";
        /// Consents given and withdrawn.
        Consents = "CONSENTS", "toestemmingen";
        /// The NEN 7513 access log.
        AuditLog = "AUDIT_LOG", "toegangslogging (NEN 7513)";
        /// Team fidelity reviews.
        Fidelity = "FIDELITY", "getrouwheidsmetingen";
    }
}
