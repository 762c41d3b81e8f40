//! Employers (werkgevers), employer contacts (werkgeverscontacten) and support activities
//! (begeleidingscontacten): the vocabulary of job development and of the contact log.

code_enum! {
    /// How an employer was contacted.
    ContactForm {
        /// In person; what IPS-25 items 15 and 17 count.
        FaceToFace = "FACE_TO_FACE", "persoonlijk";
        /// By phone.
        Phone = "PHONE", "telefonisch";
        /// By e-mail, video or another digital channel.
        Digital = "DIGITAL", "digitaal";
    }
}

code_enum! {
    /// What an employer contact led to.
    ContactOutcome {
        /// Getting to know the employer, no vacancy yet.
        RelationshipBuilding = "RELATIONSHIP_BUILDING", "relatieopbouw";
        /// A vacancy was discussed.
        VacancyDiscussed = "VACANCY_DISCUSSED", "vacature besproken";
        /// A follow-up was agreed.
        FollowUpAgreed = "FOLLOW_UP_AGREED", "vervolgafspraak";
        /// A job interview was arranged.
        InterviewArranged = "INTERVIEW_ARRANGED", "sollicitatiegesprek geregeld";
        /// A job was offered.
        JobOffered = "JOB_OFFERED", "baan aangeboden";
        /// No opportunity.
        NoOpportunity = "NO_OPPORTUNITY", "geen mogelijkheden";
        /// Anything else.
        Other = "OTHER", "overig";
    }
}

code_enum! {
    /// Kind of support activity (domain.md §13).
    SupportActivityKind {
        /// Intake.
        Intake = "INTAKE", "intake";
        /// Working on the vocational profile.
        Profile = "PROFILE", "beroepsprofiel";
        /// Job search with the client.
        JobSearch = "JOB_SEARCH", "zoeken naar werk";
        /// With or about an employer.
        Employer = "EMPLOYER", "werkgeverscontact";
        /// Support at the workplace.
        JobSupport = "JOB_SUPPORT", "begeleiding op de werkplek";
        /// Personalised benefits counselling (IPS principle 5).
        BenefitsAdvice = "BENEFITS_ADVICE", "uitkeringsadvies";
        /// Team meeting about the client.
        TeamMeeting = "TEAM_MEETING", "teamoverleg";
        /// Anything else.
        Other = "OTHER", "overig";
    }
}

code_enum! {
    /// Who took part in a support activity besides the professional.
    Participant {
        /// The client.
        Client = "CLIENT", "cliënt";
        /// The employer.
        Employer = "EMPLOYER", "werkgever";
        /// The practitioner.
        Practitioner = "PRACTITIONER", "behandelaar";
        /// UWV.
        Uwv = "UWV", "UWV";
        /// The municipality.
        Municipality = "MUNICIPALITY", "gemeente";
        /// A job coach.
        JobCoach = "JOB_COACH", "jobcoach";
        /// Family or other people close to the client.
        Family = "FAMILY", "naasten";
        /// Anyone else.
        Other = "OTHER", "overig";
    }
}

/// An employer in the shared register (an organisation, not a person).
#[derive(Clone, Debug)]
pub struct Employer {
    /// Id.
    pub id: super::EmployerId,
    /// Name.
    pub name: String,
    /// Chamber of Commerce number.
    pub kvk_number: Option<String>,
    /// Sector, in words.
    pub sector: Option<String>,
    /// Labour-market region where it employs.
    pub region_code: Option<String>,
    /// The organisation that added it.
    pub origin_organisation_id: super::OrganisationId,
    /// Row version.
    pub version: i64,
    /// Added.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last changed.
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// An employer to add, validated except for what needs the database.
#[derive(Clone, Debug)]
pub struct NewEmployer {
    /// Name.
    pub name: String,
    /// KvK number (8 digits).
    pub kvk_number: Option<String>,
    /// Sector.
    pub sector: Option<String>,
    /// Region.
    pub region_code: Option<super::RegionCode>,
}

/// A change to an employer (JSON Merge Patch, validated).
#[derive(Clone, Debug, Default)]
pub struct EmployerChanges {
    /// New name.
    pub name: Option<String>,
    /// New or removed KvK number.
    pub kvk_number: Option<Option<String>>,
    /// New or removed sector.
    pub sector: Option<Option<String>>,
    /// New or removed region.
    pub region_code: Option<Option<super::RegionCode>>,
}
