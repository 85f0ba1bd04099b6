//! The evaluators' review of an office's year, after its self-assessment: a member of the team
//! from the office above proposes the final values, the office may respond, the team leader
//! approves; and the recommendations of the report (LHE), followed up by the office into the
//! next year.
//!
//! ```text
//!   Draft ──propose──▶ Proposed ──respond (office)──▶ Responded
//!     ▲                   │  ▲                           │
//!     │                   │  └────────propose────────────┘
//!     │                 approve (lead)                approve (lead)
//!     │                   ▼                              │
//!     └──return (lead)── Approved ◀──────────────────────┘
//! ```
//! The final values may change until the lead approves; a return (with a reason) reopens them.

use serde::Serialize;

use crate::i18n::Text;

/// Where an office's evaluation of a year stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// The evaluators are working; nothing is shown to the office as final yet.
    Draft,
    /// A member proposed the final values: the office sees them and may respond.
    Proposed,
    /// The office responded to the proposal.
    Responded,
    /// The team leader approved: the final score and grade stand, the LHE can be signed.
    Approved,
}

/// A step of the review, and who takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewStep {
    /// A member or the leader proposes the final values to the office.
    Propose,
    /// The office answers the proposal (its words are required).
    Respond { text: String },
    /// The team leader approves the final values.
    Approve,
    /// The team leader reopens an approved or proposed review (a reason is required).
    Return { reason: String },
}

/// Who takes a step: the evaluated office, a member of the evaluators' team, or its leader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reviewer {
    Office,
    Member,
    Lead,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] = [
        ReviewState::Draft,
        ReviewState::Proposed,
        ReviewState::Responded,
        ReviewState::Approved,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReviewState::Draft => "draft",
            ReviewState::Proposed => "proposed",
            ReviewState::Responded => "responded",
            ReviewState::Approved => "approved",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewState> {
        ReviewState::ALL.into_iter().find(|r| r.code() == s)
    }

    pub fn label(self) -> Text {
        let (id, en) = match self {
            ReviewState::Draft => ("Sedang dievaluasi", "Being evaluated"),
            ReviewState::Proposed => ("Nilai akhir diusulkan", "Final values proposed"),
            ReviewState::Responded => ("Ditanggapi kantor", "Answered by the office"),
            ReviewState::Approved => ("Disetujui ketua tim", "Approved by the team leader"),
        };
        Text::new(id, en)
    }

    /// Whether the evaluators may still change the final values and recommendations.
    pub fn final_values_open(self) -> bool {
        self != ReviewState::Approved
    }
}

impl ReviewStep {
    pub fn code(&self) -> &'static str {
        match self {
            ReviewStep::Propose => "propose",
            ReviewStep::Respond { .. } => "respond",
            ReviewStep::Approve => "approve",
            ReviewStep::Return { .. } => "return",
        }
    }

    /// Who may take this step.
    pub fn taken_by(&self) -> &'static [Reviewer] {
        match self {
            ReviewStep::Propose => &[Reviewer::Member, Reviewer::Lead],
            ReviewStep::Respond { .. } => &[Reviewer::Office],
            ReviewStep::Approve | ReviewStep::Return { .. } => &[Reviewer::Lead],
        }
    }
}

/// The state after `step` from `from`, or why it is not allowed. Who takes it is checked by the
/// caller against [`ReviewStep::taken_by`].
pub fn apply(from: ReviewState, step: &ReviewStep) -> Result<ReviewState, Text> {
    use ReviewState::*;
    let needs_words = |s: &str, id: &str, en: &str| {
        if s.trim().is_empty() {
            Err(Text::new(id, en))
        } else {
            Ok(())
        }
    };
    match (from, step) {
        (Draft | Responded, ReviewStep::Propose) => Ok(Proposed),
        (Proposed | Responded, ReviewStep::Respond { text }) => {
            needs_words(text, "tanggapan wajib diisi", "a response is required").map(|_| Responded)
        }
        (Proposed | Responded, ReviewStep::Approve) => Ok(Approved),
        (Proposed | Responded | Approved, ReviewStep::Return { reason }) => {
            needs_words(reason, "alasan wajib diisi", "a reason is required").map(|_| Draft)
        }
        (from, step) => Err(Text::new(
            format!(
                "tidak dapat '{}' ketika evaluasi berstatus '{}'",
                step.code(),
                from.label().id
            ),
            format!("cannot '{}' while the evaluation is '{}'", step.code(), from.label().en),
        )),
    }
}

/// How far the office has come with a recommendation (tindak lanjut).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUp {
    /// Nothing done yet.
    Open,
    /// Planned or under way.
    InProgress,
    /// Done, with its evidence.
    Done,
}

impl FollowUp {
    pub const ALL: [FollowUp; 3] = [FollowUp::Open, FollowUp::InProgress, FollowUp::Done];

    pub fn code(self) -> &'static str {
        match self {
            FollowUp::Open => "open",
            FollowUp::InProgress => "in_progress",
            FollowUp::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<FollowUp> {
        FollowUp::ALL.into_iter().find(|f| f.code() == s)
    }

    pub fn label(self) -> Text {
        let (id, en) = match self {
            FollowUp::Open => ("Belum ditindaklanjuti", "Not followed up"),
            FollowUp::InProgress => ("Dalam proses", "In progress"),
            FollowUp::Done => ("Selesai", "Done"),
        };
        Text::new(id, en)
    }
}

/// The words that name the PK indicator a confirmed grade is the realisation of ("Nilai evaluasi
/// atas akuntabilitas kinerja KPU …"), in lower case.
pub const GRADE_INDICATOR: &str = "nilai evaluasi atas akuntabilitas kinerja";

/// The PK indicators of an office's year that its confirmed grade becomes the yearly
/// realisation of, each with the version of the yearly figure it replaces; refused, naming
/// why, when the PK has none or one of their yearly figures is verified (locked until the head
/// returns it: then nothing is written).
pub fn grade_indicators(plan: &crate::model::YearPlan) -> Result<Vec<(crate::model::IndicatorId, Option<i64>)>, Text> {
    use crate::model::RealisationStatus;
    use crate::period::Period;
    let year = plan.year;
    let targets: Vec<&crate::model::Indicator> = plan
        .indicators
        .iter()
        .filter(|i| i.in_pk() && i.text.to_lowercase().contains(GRADE_INDICATOR))
        .collect();
    if targets.is_empty() {
        return Err(Text::new(
            format!("PK {year} tidak memiliki indikator “Nilai evaluasi atas akuntabilitas kinerja”"),
            format!("the {year} PK has no indicator “Nilai evaluasi atas akuntabilitas kinerja”"),
        ));
    }
    let yearly = |i: &crate::model::Indicator| {
        plan.realisations
            .iter()
            .find(|r| r.indicator == i.id && r.period == Period::Year)
    };
    if let Some(locked) = targets
        .iter()
        .find(|i| yearly(i).is_some_and(|r| r.status == RealisationStatus::Verified))
    {
        let unit = plan
            .objectives
            .iter()
            .find(|o| o.id == locked.objective)
            .and_then(|o| plan.units.iter().find(|u| u.id == o.unit))
            .map(|u| u.name.as_str())
            .unwrap_or_default();
        return Err(Text::new(
            format!(
                "capaian tahunan “{}” ({unit}) sudah diverifikasi: kembalikan dulu capaiannya, lalu konfirmasi lagi; tidak ada yang ditulis",
                locked.text
            ),
            format!(
                "the yearly figure of “{}” ({unit}) is verified: have it returned first, then confirm again; nothing was written",
                locked.text
            ),
        ));
    }
    Ok(targets.iter().map(|i| (i.id, yearly(i).map(|r| r.version))).collect())
}

/// The fact shown beside the criteria on following up last year's recommendations: how many of
/// them are done.
pub fn followed_up(last_year: &[FollowUp]) -> super::facts::Fact {
    let done = last_year.iter().filter(|f| **f == FollowUp::Done).count();
    let of = last_year.len();
    super::facts::Fact {
        kind: "recommendations_followed",
        count: done,
        of,
        text: if of == 0 {
            Text::new(
                "tidak ada rekomendasi evaluasi tahun lalu yang tercatat di Kinerja",
                "no recommendation of last year's evaluation is recorded in Kinerja",
            )
        } else {
            Text::new(
                format!("{done} dari {of} rekomendasi evaluasi tahun lalu selesai ditindaklanjuti"),
                format!("{done} of {of} recommendations of last year's evaluation followed up"),
            )
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReviewState::*;

    fn respond(s: &str) -> ReviewStep {
        ReviewStep::Respond { text: s.into() }
    }

    #[test]
    fn the_review_goes_from_proposal_through_response_to_approval() {
        assert_eq!(apply(Draft, &ReviewStep::Propose), Ok(Proposed));
        assert_eq!(apply(Proposed, &respond("bukti LKj sudah diunggah")), Ok(Responded));
        assert_eq!(
            apply(Responded, &ReviewStep::Propose),
            Ok(Proposed),
            "proposed again after the response"
        );
        assert_eq!(apply(Responded, &ReviewStep::Approve), Ok(Approved));
        assert_eq!(
            apply(Proposed, &ReviewStep::Approve),
            Ok(Approved),
            "the office need not respond"
        );
    }

    #[test]
    fn nothing_is_approved_unproposed_and_words_are_required() {
        assert!(apply(Draft, &ReviewStep::Approve).is_err());
        assert!(apply(Draft, &respond("x")).is_err(), "nothing to respond to");
        assert!(apply(Approved, &respond("x")).is_err());
        assert!(apply(Approved, &ReviewStep::Propose).is_err());
        assert_eq!(
            apply(Proposed, &respond("  ")).unwrap_err().en,
            "a response is required"
        );
        let back = ReviewStep::Return { reason: " ".into() };
        assert_eq!(apply(Approved, &back).unwrap_err().en, "a reason is required");
        let back = ReviewStep::Return {
            reason: "nilai 2.a.3 salah ketik".into(),
        };
        assert_eq!(apply(Approved, &back), Ok(Draft));
        assert!(apply(Draft, &back).is_err(), "a draft has nothing to return");
    }

    #[test]
    fn only_the_lead_approves_and_returns_and_only_the_office_responds() {
        assert_eq!(ReviewStep::Approve.taken_by(), &[Reviewer::Lead]);
        assert_eq!(ReviewStep::Return { reason: "r".into() }.taken_by(), &[Reviewer::Lead]);
        assert_eq!(respond("x").taken_by(), &[Reviewer::Office]);
        assert!(ReviewStep::Propose.taken_by().contains(&Reviewer::Member));
        assert!(!Approved.final_values_open() && Responded.final_values_open());
    }

    #[test]
    fn codes_read_back() {
        for s in ReviewState::ALL {
            assert_eq!(ReviewState::parse(s.code()), Some(s));
        }
        for f in FollowUp::ALL {
            assert_eq!(FollowUp::parse(f.code()), Some(f));
        }
        assert_eq!(ReviewState::parse("done"), None);
    }

    #[test]
    fn the_follow_up_fact_counts_what_is_done() {
        let f = followed_up(&[FollowUp::Done, FollowUp::InProgress, FollowUp::Done]);
        assert_eq!((f.count, f.of, f.percent()), (2, 3, Some(67)));
        assert_eq!(
            f.text.id,
            "2 dari 3 rekomendasi evaluasi tahun lalu selesai ditindaklanjuti"
        );
        let none = followed_up(&[]);
        assert_eq!((none.count, none.of, none.percent()), (0, 0, None));
    }
}
