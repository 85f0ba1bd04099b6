//! The yearly SAKIP evaluation (LKE) as a signed-in user sees it. The office's planners and
//! admins answer its self-assessment, respond and follow up; evaluators of an office above
//! propose the final values and recommendations; their team leader approves, returns and
//! reopens. The evaluators' values and recommendations stay among them until proposed.

use kinerja_domain::evaluation::review::{ReviewState, ReviewStep, Reviewer};

use super::*;
use crate::evaluations::{FollowUpEntry, NewAnswer, NewRecommendation, Recommendation, Review, Stage, StoredAnswer};

/// What a user is in an office's evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EvaluationRoles {
    /// Answers the self-assessment, responds, follows up (the office's planners and admins).
    pub office: bool,
    /// Proposes final values and recommendations (an evaluator of an office above).
    pub member: bool,
    /// Approves, returns, reopens (the evaluation team leader of an office above).
    pub lead: bool,
}

impl<'a> Scoped<'a> {
    /// The user's part in an office's evaluation.
    pub fn evaluation_roles(&self, office: OfficeId) -> EvaluationRoles {
        EvaluationRoles {
            office: self.scope.allows(Permission::SelfAssess(office)),
            member: self.scope.allows(Permission::Evaluate(office)),
            lead: self.scope.allows(Permission::LeadEvaluation(office)),
        }
    }

    /// The year's worksheet as stored (none: the shipped one applies). Anyone signed in.
    pub async fn lke_template(&self, year: Year) -> Result<Option<crate::evaluations::YearTemplate>> {
        self.store.lke_template(year).await
    }

    /// The year's windows. Anyone signed in.
    pub async fn lke_windows(&self, year: Year) -> Result<Vec<(OfficeLevel, kinerja_domain::evaluation::Window)>> {
        self.store.lke_windows(year).await
    }

    /// Whether the user administers a national office (an office with none above it): who sets
    /// the evaluation's schedule for every office.
    pub async fn administers_nationally(&self) -> Result<bool> {
        let offices = Self::all_offices(self.store, self.cache).await?;
        Ok(offices
            .iter()
            .any(|o| o.parent.is_none() && self.scope.allows(Permission::Administer(o.id))))
    }

    /// Sets when the year's self-assessment is open to the offices of `level`: the admins of a
    /// national office.
    pub async fn set_lke_window(
        &self,
        year: Year,
        level: OfficeLevel,
        window: kinerja_domain::evaluation::Window,
        reason: &str,
    ) -> Result<()> {
        if !self.administers_nationally().await? {
            return Err(StoreError::Forbidden(kinerja_domain::i18n::Text::new(
                "jadwal evaluasi ditetapkan admin kantor pusat (KPU RI)",
                "the evaluation's schedule is set by the admins of the national office (KPU RI)",
            )));
        }
        self.store
            .set_lke_window(&self.actor, year, level, window, reason)
            .await
    }

    /// Where the office's evaluation stands: whoever may read the office.
    pub async fn lke_review(&self, office: OfficeId, year: Year) -> Result<Review> {
        self.readable(office)?;
        self.store.lke_review(office, year).await
    }

    /// Whether the evaluators' work on `review` is shown to this user: always to the evaluators,
    /// to everyone else once proposed.
    fn sees_evaluators_work(&self, office: OfficeId, review: &Review) -> bool {
        review.state != ReviewState::Draft || self.scope.allows(Permission::Evaluate(office))
    }

    /// The office's answers at a stage: the self-assessment to whoever may read the office; the
    /// final values to its evaluators, and to the others once proposed (before, none).
    pub async fn lke_answers(&self, office: OfficeId, year: Year, stage: Stage) -> Result<Vec<StoredAnswer>> {
        self.readable(office)?;
        if stage == Stage::Final {
            let review = self.store.lke_review(office, year).await?;
            if !self.sees_evaluators_work(office, &review) {
                return Ok(vec![]);
            }
        }
        self.store.lke_answers(office, year, stage).await
    }

    /// Every readable office's answers of a year at a stage, with its review (the final values
    /// of offices whose evaluators have not proposed yet left out, as in [`Self::lke_answers`]).
    pub async fn lke_answers_of_year(
        &self,
        year: Year,
        stage: Stage,
    ) -> Result<Vec<(OfficeId, Vec<StoredAnswer>, Review)>> {
        let mut reviews: HashMap<OfficeId, Review> = self.store.lke_reviews_of_year(year).await?.into_iter().collect();
        let answers = self.store.lke_answers_of_year(year, stage).await?;
        Ok(answers
            .into_iter()
            .filter(|(o, _)| self.scope.allows(Permission::Read(*o)))
            .map(|(o, a)| (o, a, reviews.remove(&o).unwrap_or_else(Review::draft)))
            .filter(|(o, _, r)| stage == Stage::SelfAssessment || self.sees_evaluators_work(*o, r))
            .collect())
    }

    /// Writes answers at a stage: the self-assessment by the office's planners and admins, the
    /// final values by its evaluators.
    pub async fn save_lke_answers(
        &self,
        office: OfficeId,
        year: Year,
        stage: Stage,
        answers: &[NewAnswer],
        reason: Option<&str>,
    ) -> Result<usize> {
        self.readable(office)?;
        let needed = match stage {
            Stage::SelfAssessment => Permission::SelfAssess(office),
            Stage::Final => Permission::Evaluate(office),
        };
        self.scope.check(needed).map_err(forbidden)?;
        self.store
            .save_lke_answers(&self.actor, office, year, stage, answers, reason)
            .await
    }

    /// Takes a step of the review, if the user is one who takes it
    /// ([`ReviewStep::taken_by`]).
    pub async fn step_lke_review(&self, office: OfficeId, year: Year, step: &ReviewStep) -> Result<Review> {
        self.readable(office)?;
        let roles = self.evaluation_roles(office);
        let allowed = step.taken_by().iter().any(|r| match r {
            Reviewer::Office => roles.office,
            Reviewer::Member => roles.member,
            Reviewer::Lead => roles.lead,
        });
        if !allowed {
            let needed = match step.taken_by().first() {
                Some(Reviewer::Office) => Permission::SelfAssess(office),
                Some(Reviewer::Lead) => Permission::LeadEvaluation(office),
                _ => Permission::Evaluate(office),
            };
            self.scope.check(needed).map_err(forbidden)?;
        }
        self.store.step_lke_review(&self.actor, office, year, step).await
    }

    /// The evidence of the office's self-assessment: whoever may read the office.
    pub async fn lke_evidence(&self, office: OfficeId, year: Year) -> Result<Vec<crate::evaluations::LkeEvidence>> {
        self.readable(office)?;
        self.store.lke_evidence(office, year).await
    }

    /// The evidence record of an uploaded file of an office the user may read, else "not found".
    pub async fn lke_evidence_file(&self, name: &str) -> Result<crate::evaluations::LkeEvidence> {
        match self.store.lke_evidence_file(name).await? {
            Some(e) if self.scope.allows(Permission::Read(e.office)) => Ok(e),
            _ => Err(StoreError::NotFound {
                entity: "evidence",
                key: name.to_string(),
            }),
        }
    }

    /// Adds evidence to a criterion: the office's planners and admins, as its answers.
    pub async fn add_lke_evidence(
        &self,
        office: OfficeId,
        year: Year,
        new: &crate::evaluations::NewLkeEvidence,
    ) -> Result<crate::evaluations::LkeEvidence> {
        self.readable(office)?;
        self.scope.check(Permission::SelfAssess(office)).map_err(forbidden)?;
        self.store.add_lke_evidence(&self.actor, office, year, new).await
    }

    /// Removes a piece of evidence: the office's planners and admins.
    pub async fn remove_lke_evidence(&self, office: OfficeId, year: Year, id: i64, reason: &str) -> Result<()> {
        self.readable(office)?;
        self.scope.check(Permission::SelfAssess(office)).map_err(forbidden)?;
        let theirs = self.store.lke_evidence(office, year).await?.iter().any(|e| e.id == id);
        if !theirs {
            return Err(StoreError::NotFound {
                entity: "evidence",
                key: id.to_string(),
            });
        }
        self.store.remove_lke_evidence(&self.actor, id, reason).await
    }

    /// The office confirms its approved final grade as the yearly realisation of its PK's grade
    /// indicators ([`crate::evaluations::confirm_grade`]): its planners, who write its figures.
    pub async fn confirm_lke_grade(
        &self,
        office: OfficeId,
        year: Year,
        reason: &str,
    ) -> Result<crate::evaluations::Confirmed> {
        self.readable(office)?;
        self.scope.check(Permission::EditPlan(office)).map_err(forbidden)?;
        let offices = Self::all_offices(self.store, self.cache).await?;
        let Some(the_office) = offices.iter().find(|o| o.id == office) else {
            return Err(StoreError::NotFound {
                entity: "office",
                key: office.to_string(),
            });
        };
        crate::evaluations::confirm_grade(self.store, &self.actor, the_office, year, reason).await
    }

    /// The office whose evaluation team evaluates `office` (the one above it), as the report
    /// names it: whoever may read `office`.
    pub async fn lke_evaluating_office(&self, office: OfficeId) -> Result<Option<Office>> {
        self.readable(office)?;
        let offices = Self::all_offices(self.store, self.cache).await?;
        let parent = offices.iter().find(|o| o.id == office).and_then(|o| o.parent);
        Ok(parent.and_then(|p| offices.iter().find(|o| o.id == p).cloned()))
    }

    /// The name of the team leader who approved the office's evaluation of `year`, as the
    /// report (LHE) is signed: whoever may read the office.
    pub async fn lke_lead_name(&self, office: OfficeId, year: Year) -> Result<Option<String>> {
        self.readable(office)?;
        let review = self.store.lke_review(office, year).await?;
        let Some(login) = review.approved_by.and_then(|l| l.parse::<Login>().ok()) else {
            return Ok(None);
        };
        Ok(self.store.user_credentials(&login).await?.map(|(u, _)| u.name))
    }

    /// Reopens the office's self-assessment after its window closed: the evaluation team leader.
    pub async fn reopen_lke(
        &self,
        office: OfficeId,
        year: Year,
        until: kinerja_domain::date::Date,
        reason: &str,
    ) -> Result<()> {
        self.readable(office)?;
        self.scope
            .check(Permission::LeadEvaluation(office))
            .map_err(forbidden)?;
        self.store.reopen_lke(&self.actor, office, year, until, reason).await
    }

    /// The office's recommendations of a year: as its final values (the evaluators' until
    /// proposed, then whoever may read the office).
    pub async fn lke_recommendations(&self, office: OfficeId, year: Year) -> Result<Vec<Recommendation>> {
        self.readable(office)?;
        let review = self.store.lke_review(office, year).await?;
        if !self.sees_evaluators_work(office, &review) {
            return Ok(vec![]);
        }
        self.store.lke_recommendations(office, year).await
    }

    /// Adds a finding and its recommendation: the office's evaluators.
    pub async fn add_lke_recommendation(
        &self,
        office: OfficeId,
        year: Year,
        new: &NewRecommendation,
    ) -> Result<Recommendation> {
        self.readable(office)?;
        self.scope.check(Permission::Evaluate(office)).map_err(forbidden)?;
        self.store.add_lke_recommendation(&self.actor, office, year, new).await
    }

    /// The office of a recommendation the user may read, else "not found".
    async fn recommendation_office(&self, id: i64) -> Result<OfficeId> {
        match self.store.lke_recommendation_owner(id).await? {
            Some((office, _)) if self.scope.allows(Permission::Read(office)) => Ok(office),
            _ => Err(StoreError::NotFound {
                entity: "recommendation",
                key: id.to_string(),
            }),
        }
    }

    /// Removes a recommendation: the office's evaluators.
    pub async fn remove_lke_recommendation(&self, id: i64, reason: &str) -> Result<()> {
        let office = self.recommendation_office(id).await?;
        self.scope.check(Permission::Evaluate(office)).map_err(forbidden)?;
        self.store.remove_lke_recommendation(&self.actor, id, reason).await
    }

    /// Writes the follow-up of a recommendation: the office's planners and admins.
    pub async fn follow_up_lke_recommendation(
        &self,
        id: i64,
        entry: &FollowUpEntry,
        reason: Option<&str>,
    ) -> Result<Recommendation> {
        let office = self.recommendation_office(id).await?;
        self.scope.check(Permission::SelfAssess(office)).map_err(forbidden)?;
        self.store
            .follow_up_lke_recommendation(&self.actor, id, entry, reason)
            .await
    }
}

/// An office's grades of a year, as oversight sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeGrade {
    pub office: Office,
    /// The evaluators' total and grade, once they proposed them (or to the evaluators).
    pub total: Option<kinerja_domain::Decimal>,
    pub grade: Option<kinerja_domain::evaluation::Grade>,
    pub state: ReviewState,
    /// The self-assessment's total and grade, once the office answered.
    pub self_total: Option<kinerja_domain::Decimal>,
    pub self_grade: Option<kinerja_domain::evaluation::Grade>,
    /// Last year's final grade.
    pub last_grade: Option<kinerja_domain::evaluation::Grade>,
}

impl OfficeGrade {
    /// Graded below the KPU target (BB).
    pub fn below_target(&self) -> bool {
        self.grade
            .is_some_and(|g| g < kinerja_domain::evaluation::Grade::TARGET)
    }
}

impl<'a> Scoped<'a> {
    /// Every answered office's scores of `year` at `stage` that this user sees, on the year's
    /// worksheet.
    async fn scores_of_year(
        &self,
        year: Year,
        stage: Stage,
    ) -> Result<HashMap<OfficeId, (kinerja_domain::evaluation::Scores, ReviewState)>> {
        use kinerja_domain::evaluation::{self, Template};
        let template = self
            .store
            .lke_template(year)
            .await?
            .map_or_else(Template::shipped, |t| t.template);
        Ok(self
            .lke_answers_of_year(year, stage)
            .await?
            .into_iter()
            .map(|(office, answers, review)| {
                let answers: HashMap<String, evaluation::Answer> =
                    answers.into_iter().map(|a| (a.criterion, a.answer)).collect();
                (office, (evaluation::score(&template, &answers), review.state))
            })
            .collect())
    }

    /// The grades of `year` of every office the user may read, in the office list's order:
    /// the evaluators' (once proposed), the self-assessment's, last year's.
    pub async fn lke_grades(&self, year: Year) -> Result<Vec<OfficeGrade>> {
        let finals = self.scores_of_year(year, Stage::Final).await?;
        let own = self.scores_of_year(year, Stage::SelfAssessment).await?;
        let last = match year.previous() {
            Some(l) => self.scores_of_year(l, Stage::Final).await?,
            None => HashMap::new(),
        };
        let reviews: HashMap<OfficeId, Review> = self.store.lke_reviews_of_year(year).await?.into_iter().collect();
        let offices = Self::all_offices(self.store, self.cache).await?;
        Ok(offices
            .iter()
            .filter(|o| self.scope.allows(Permission::Read(o.id)))
            .map(|o| {
                let fin = finals.get(&o.id).map(|(s, _)| s);
                let mine = own.get(&o.id).map(|(s, _)| s);
                OfficeGrade {
                    office: o.clone(),
                    total: fin.map(|s| s.total),
                    grade: fin.map(|s| s.grade),
                    state: reviews.get(&o.id).map_or(ReviewState::Draft, |r| r.state),
                    self_total: mine.map(|s| s.total),
                    self_grade: mine.map(|s| s.grade),
                    last_grade: last.get(&o.id).map(|(s, _)| s.grade),
                }
            })
            .collect())
    }
}
