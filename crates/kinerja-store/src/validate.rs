//! What every write is checked against before it touches the database: each text by its field
//! ([`kinerja_domain::input`]), each value by its kind's bounds, each indicator's settings. Both
//! backends call these first, so SQLite and PostgreSQL refuse the same input with the same
//! message (PostgreSQL alone would refuse a NUL byte, with a database error), and no path — the
//! web, the API, the command line, an import, a dataset file — can store what a page, a
//! document or a roll-up cannot hold.

use kinerja_domain::i18n::Text;
use kinerja_domain::indicator::IndicatorSettings;
use kinerja_domain::input::{Field, check};
use kinerja_domain::model::Renstra;
use kinerja_domain::value::{Value, ValueKind};

use crate::{
    ActionFields, Dataset, IndicatorDraft, IndicatorFields, NewUser, PlanEdit, RealisationInput, Result, StoreError,
    UnitPlanDraft,
};

fn refused(context: &str, t: Text) -> StoreError {
    if context.is_empty() {
        StoreError::Rejected(t)
    } else {
        StoreError::Rejected(Text::new(
            format!("{context}: {}", t.id),
            format!("{context}: {}", t.en),
        ))
    }
}

/// A text of `field`.
pub fn text(field: Field, s: &str) -> Result<()> {
    check(field, s).map_err(|e| refused("", e.text()))
}

/// An optional text of `field`.
pub fn opt(field: Field, s: Option<&str>) -> Result<()> {
    s.map_or(Ok(()), |s| text(field, s))
}

/// The reason of a change (the audit log's "why").
pub fn reason(s: &str) -> Result<()> {
    text(Field::Reason, s)
}

/// A value: its characters and length, and its kind's bounds.
pub fn value(v: &Value) -> Result<()> {
    let field = if v.kind() == ValueKind::Text {
        Field::TextValue
    } else {
        Field::Value
    };
    text(field, v.raw())?;
    v.within_bounds().map_err(|e| {
        StoreError::Rejected(Text::new(
            e.message(kinerja_domain::i18n::Lang::Id),
            e.message(kinerja_domain::i18n::Lang::En),
        ))
    })
}

fn opt_value(v: Option<&Value>) -> Result<()> {
    v.map_or(Ok(()), value)
}

/// An indicator's measurement settings.
pub fn settings(s: &IndicatorSettings) -> Result<()> {
    s.check().map_err(|t| refused("", t))
}

/// What a planner writes about an indicator.
pub fn indicator_fields(f: &IndicatorFields) -> Result<()> {
    text(Field::Indicator, &f.text)?;
    opt_value(f.pk_target.as_ref())?;
    opt_value(f.rak_target.as_ref())?;
    for (_, v) in &f.period_targets {
        value(v)?;
    }
    settings(&f.settings)?;
    opt(Field::Computation, f.computation.as_deref())?;
    opt(Field::DataSource, f.data_source.as_deref())
}

fn action_fields(a: &ActionFields) -> Result<()> {
    text(Field::Action, &a.text)?;
    opt(Field::Executor, a.executor.as_deref())?;
    money(a.budget)?;
    opt_value(a.target.as_ref())
}

fn money(m: Option<kinerja_domain::Decimal>) -> Result<()> {
    match m {
        Some(d) => value(&Value::money(d)),
        None => Ok(()),
    }
}

/// A Renstra as a planner writes it.
pub fn renstra(r: &Renstra) -> Result<()> {
    text(Field::Vision, &r.vision)?;
    for m in &r.missions {
        text(Field::Mission, m)?;
    }
    for g in &r.goals {
        text(Field::Goal, &g.text)?;
        for i in &g.indicators {
            text(Field::Indicator, &i.text)?;
            opt(Field::Computation, i.computation.as_deref())?;
            opt(Field::DataSource, i.data_source.as_deref())?;
            for (_, v) in &i.targets {
                value(v)?;
            }
        }
    }
    Ok(())
}

/// A change to a plan.
pub fn plan_edit(edit: &PlanEdit) -> Result<()> {
    match edit {
        PlanEdit::AddObjective { text: t, .. } => text(Field::Objective, t),
        PlanEdit::UpdateObjective { text: t, .. } => text(Field::Objective, t),
        PlanEdit::AddIndicator { fields, .. } | PlanEdit::UpdateIndicator { fields, .. } => indicator_fields(fields),
        PlanEdit::DeleteObjective { .. } | PlanEdit::DeleteIndicator { .. } | PlanEdit::Restore { .. } => Ok(()),
        PlanEdit::SetBudgetRealised { realised, .. } => {
            for (_, r) in realised {
                money(*r)?;
            }
            Ok(())
        }
        PlanEdit::SetBudgetLinks { links, .. } => {
            if links.iter().map(|(_, l)| l.len()).sum::<usize>() > 10_000 {
                return Err(StoreError::Rejected(kinerja_domain::i18n::Text::new(
                    "terlalu banyak tautan anggaran",
                    "too many budget links",
                )));
            }
            Ok(())
        }
        PlanEdit::SignPk { signature, .. } => opt(Field::Place, signature.place.as_deref()),
        PlanEdit::ReplaceRenstra { renstra: r, .. } => renstra(r),
        PlanEdit::ReplaceActions { rows, .. } => rows.iter().try_for_each(action_fields),
    }
}

fn indicator_draft(i: &IndicatorDraft) -> Result<()> {
    text(Field::Indicator, &i.text)?;
    for v in [&i.pk_target, &i.rak_target, &i.activity_target].into_iter().flatten() {
        value(v)?;
    }
    for (_, v) in &i.period_targets {
        value(v)?;
    }
    settings(&i.settings)?;
    opt(Field::Computation, i.computation.as_deref())?;
    opt(Field::DataSource, i.data_source.as_deref())?;
    opt(Field::Note, i.note.as_deref())?;
    if let Some(r) = &i.reported {
        opt(Field::Source, r.source.as_deref())?;
        opt(Field::Objective, r.objective_text.as_deref())?;
        opt(Field::Indicator, r.indicator_text.as_deref())?;
        opt_value(r.target.as_ref())?;
        opt_value(r.achievement.as_ref())?;
    }
    for a in &i.actions {
        text(Field::Action, &a.text)?;
        opt(Field::Executor, a.executor.as_deref())?;
        money(a.budget)?;
        opt_value(a.target.as_ref())?;
        opt(Field::Note, a.note.as_deref())?;
    }
    for r in &i.realisations {
        value(&r.value)?;
        for e in &r.evidence {
            text(Field::Evidence, e)?;
        }
        opt(Field::Obstacles, r.obstacles.as_deref())?;
        opt(Field::FollowUp, r.follow_up.as_deref())?;
    }
    Ok(())
}

/// Unit plans, as a dataset or an import brings them. A refusal names the plan.
pub fn unit_plans(plans: &[UnitPlanDraft]) -> Result<()> {
    for p in plans {
        let context = format!("{}/{}", p.unit, p.year);
        let within = |r: Result<()>| {
            r.map_err(|e| match e {
                StoreError::Rejected(t) => refused(&context, t),
                other => other,
            })
        };
        within((|| {
            opt(Field::Source, p.pk_source.as_deref())?;
            opt(Field::Source, p.rak_source.as_deref())?;
            money(p.stated_budget_total)?;
            for s in [&p.pk_signed, &p.rak_signed].into_iter().flatten() {
                opt(Field::Place, s.place.as_deref())?;
            }
            for b in &p.budget {
                text(Field::BudgetLine, &b.name)?;
                money(Some(b.ceiling))?;
                money(b.realised)?;
            }
            for o in &p.objectives {
                text(Field::Objective, &o.text)?;
                o.indicators.iter().try_for_each(indicator_draft)?;
            }
            Ok(())
        })())?;
    }
    Ok(())
}

/// A whole dataset.
pub fn dataset(ds: &Dataset) -> Result<()> {
    for o in &ds.offices {
        text(Field::Code, &o.code)?;
        text(Field::OfficeName, &o.name)?;
        text(Field::OfficeName, &o.full_name)?;
        opt(Field::Address, o.address.as_deref())?;
        opt(Field::Place, o.city.as_deref())?;
    }
    for u in &ds.units {
        text(Field::Code, &u.code)?;
        text(Field::UnitName, &u.name)?;
        for a in &u.aliases {
            text(Field::UnitName, a)?;
        }
    }
    for p in &ds.people {
        text(Field::Code, &p.code)?;
        text(Field::PersonName, &p.name)?;
        opt(Field::Nip, p.nip.as_deref())?;
    }
    for p in &ds.positions {
        text(Field::PositionTitle, &p.title)?;
    }
    for s in &ds.scales {
        text(Field::Code, &s.scale.code)?;
        text(Field::Short, &s.scale.name)?;
        for b in &s.scale.bands {
            text(Field::Short, &b.label)?;
        }
    }
    for s in &ds.ordinal_scales {
        text(Field::Code, &s.scale.code)?;
        text(Field::Short, &s.scale.name)?;
        for l in &s.scale.levels {
            text(Field::Short, l)?;
        }
    }
    for r in &ds.renstra {
        renstra(&r.renstra)?;
    }
    unit_plans(&ds.plans)
}

/// The most pieces of evidence one realisation keeps.
pub const MAX_EVIDENCE: usize = 50;

/// A realisation as an operator enters it.
pub fn realisation(r: &RealisationInput) -> Result<()> {
    value(&r.value)?;
    if r.evidence.len() > MAX_EVIDENCE {
        return Err(StoreError::Rejected(Text::new(
            format!(
                "{} bukti dukung: paling banyak {MAX_EVIDENCE} untuk satu realisasi",
                r.evidence.len()
            ),
            format!(
                "{} pieces of evidence: at most {MAX_EVIDENCE} for one realisation",
                r.evidence.len()
            ),
        )));
    }
    for e in &r.evidence {
        text(Field::Evidence, e)?;
    }
    for f in &r.new_files {
        text(Field::FileName, &f.original_name)?;
    }
    opt(Field::Obstacles, r.obstacles.as_deref())?;
    opt(Field::FollowUp, r.follow_up.as_deref())
}

/// A user to create.
pub fn new_user(u: &NewUser) -> Result<()> {
    text(Field::Login, &u.login)?;
    text(Field::UserName, &u.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_the_same_whatever_the_backend_and_say_where() {
        let e = text(Field::Objective, "a\0b").unwrap_err();
        let StoreError::Rejected(t) = e else { panic!("{e:?}") };
        assert_eq!(t.id, "Sasaran: karakter kendali U+0000 di kolom 2 tidak diizinkan");
        let bad = Value::restore(ValueKind::Percent, "20.000%", &Default::default()).unwrap();
        let StoreError::Rejected(t) = value(&bad).unwrap_err() else {
            panic!()
        };
        assert_eq!(
            t.en,
            "'20.000%' column 1: out of range: a percentage must be between -100% and 10.000%"
        );
        assert!(value(&Value::parse("97,5%").unwrap()).is_ok());
        assert!(value(&Value::text(&"x".repeat(1_001))).is_err());
    }
}
