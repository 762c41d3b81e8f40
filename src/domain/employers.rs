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

/// A contact with an employer: about one client (in a trajectory), or general job
/// development (no client).
#[derive(Clone, Debug)]
pub struct EmployerContact {
    /// Id.
    pub id: super::EmployerContactId,
    /// The trajectory it is for; `None` for general job development.
    pub trajectory_id: Option<super::TrajectoryId>,
    /// Its client, with the trajectory.
    pub client_id: Option<super::ClientId>,
    /// The employer.
    pub employer_id: super::EmployerId,
    /// Who made the contact.
    pub user_id: super::UserId,
    /// When.
    pub contact_date: chrono::NaiveDate,
    /// How.
    pub form: ContactForm,
    /// About this client specifically (IPS-25 items 15, 17).
    pub client_specific: bool,
    /// What it led to.
    pub outcome: ContactOutcome,
    /// A note (never logged).
    pub note: Option<String>,
    /// The contacting professional's organisation.
    pub origin_organisation_id: super::OrganisationId,
    /// Row version.
    pub version: i64,
    /// Recorded.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// An employer contact to record.
#[derive(Clone, Debug)]
pub struct NewEmployerContact {
    /// The trajectory, for a client-specific contact.
    pub trajectory_id: Option<super::TrajectoryId>,
    /// The employer.
    pub employer_id: super::EmployerId,
    /// When (not in the future).
    pub contact_date: chrono::NaiveDate,
    /// How.
    pub form: ContactForm,
    /// About the client specifically.
    pub client_specific: bool,
    /// What it led to.
    pub outcome: ContactOutcome,
    /// A note.
    pub note: Option<String>,
}

/// A support activity (begeleidingscontact) in a trajectory's contact log.
#[derive(Clone, Debug)]
pub struct SupportActivity {
    /// Id.
    pub id: super::SupportActivityId,
    /// The trajectory.
    pub trajectory_id: super::TrajectoryId,
    /// Its client.
    pub client_id: super::ClientId,
    /// The placement it concerns, if one.
    pub placement_id: Option<super::PlacementId>,
    /// When.
    pub activity_date: chrono::NaiveDate,
    /// How long, in minutes.
    pub duration_minutes: i32,
    /// Kind.
    pub kind: SupportActivityKind,
    /// Who else took part.
    pub participants: Vec<Participant>,
    /// A note (never logged).
    pub note: Option<String>,
    /// Who recorded it.
    pub user_id: super::UserId,
    /// Their organisation.
    pub origin_organisation_id: super::OrganisationId,
    /// Row version.
    pub version: i64,
    /// Recorded.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A support activity to record.
#[derive(Clone, Debug)]
pub struct NewSupportActivity {
    /// The placement it concerns.
    pub placement_id: Option<super::PlacementId>,
    /// When (not in the future).
    pub activity_date: chrono::NaiveDate,
    /// How long, 1 to 1440 minutes.
    pub duration_minutes: i32,
    /// Kind.
    pub kind: SupportActivityKind,
    /// Who else took part.
    pub participants: Vec<Participant>,
    /// A note.
    pub note: Option<String>,
}
