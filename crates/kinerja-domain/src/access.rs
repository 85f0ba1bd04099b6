//! Who may see and change what: roles granted on an office (and for some, a unit), and the
//! [`Scope`] they add up to. Every read and write of the store goes through a scope
//! (`kinerja_store::Scoped`), so a handler that forgets a check still cannot leak or change
//! another office's data.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Text};
use crate::model::{Office, OfficeId, UnitId, YearPlan};

/// What a user does in an office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Users, units and scales of one office.
    Admin,
    /// Edits the office's plans.
    Planner,
    /// Enters realisations for their own unit.
    Operator,
    /// Verifies or returns the realisations of the units under them; signs.
    Head,
    /// Internal auditor: reads everything of the office, comments, changes no figure.
    Reviewer,
    /// Reads every office below their own (a province its regencies; KPU RI all).
    Oversight,
    /// A member of the evaluation team of their office (a province's for its regencies, the
    /// Inspektorat at KPU RI for the provinces and as quality control): reads every office
    /// below, proposes the final values of their SAKIP evaluation (LKE) and its recommendations.
    Evaluator,
    /// The leader of that team: as a member, and approves or returns the final values, reopens
    /// an office's self-assessment, signs the report (LHE).
    EvaluatorLead,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Admin,
        Role::Planner,
        Role::Operator,
        Role::Head,
        Role::Reviewer,
        Role::Oversight,
        Role::Evaluator,
        Role::EvaluatorLead,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Planner => "planner",
            Role::Operator => "operator",
            Role::Head => "head",
            Role::Reviewer => "reviewer",
            Role::Oversight => "oversight",
            Role::Evaluator => "evaluator",
            Role::EvaluatorLead => "evaluator_lead",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Admin, Lang::Id) => "Admin",
            (Role::Planner, Lang::Id) => "Perencana",
            (Role::Operator, Lang::Id) => "Operator",
            (Role::Head, Lang::Id) => "Pimpinan unit",
            (Role::Reviewer, Lang::Id) => "Reviu (APIP)",
            (Role::Oversight, Lang::Id) => "Pengawasan",
            (Role::Admin, Lang::En) => "Admin",
            (Role::Planner, Lang::En) => "Planner",
            (Role::Operator, Lang::En) => "Operator",
            (Role::Head, Lang::En) => "Unit head",
            (Role::Reviewer, Lang::En) => "Reviewer (auditor)",
            (Role::Oversight, Lang::En) => "Oversight",
            (Role::Evaluator, Lang::Id) => "Evaluator SAKIP",
            (Role::Evaluator, Lang::En) => "SAKIP evaluator",
            (Role::EvaluatorLead, Lang::Id) => "Ketua tim evaluator SAKIP",
            (Role::EvaluatorLead, Lang::En) => "SAKIP evaluation team leader",
        }
    }

    /// Whether the role is tied to a unit (operator, head) rather than to the whole office.
    pub fn needs_unit(self) -> bool {
        matches!(self, Role::Operator | Role::Head)
    }

    /// Whether the role is one of the office's own people, rather than a view from above
    /// (oversight, evaluators) of the offices below.
    pub fn of_the_office(self) -> bool {
        !matches!(self, Role::Oversight | Role::Evaluator | Role::EvaluatorLead)
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.code() == s).ok_or_else(|| {
            format!("unknown role '{s}' (use one of: admin, planner, operator, head, reviewer, oversight, evaluator, evaluator_lead)")
        })
    }
}

/// A role on an office, for operators and heads on a unit of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub office: OfficeId,
    pub unit: Option<UnitId>,
}

/// Something a user wants to do (not to be confused with a RAK action), checked against their scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// See an office's plans, realisations and achievement.
    Read(OfficeId),
    /// Change an office's plans (objectives, indicators, actions, settings, budget).
    EditPlan(OfficeId),
    /// Enter or change the realisations of a unit.
    EnterRealisation(OfficeId, UnitId),
    /// Verify, return or reopen the realisations of a unit.
    Verify(OfficeId, UnitId),
    /// Reopen a verified period (planners and admins).
    Reopen(OfficeId),
    /// Manage users, units and scales of an office.
    Administer(OfficeId),
    /// Comment on an office's figures: anyone with a role in the office itself (reviewers
    /// above all), not oversight from above.
    Comment(OfficeId),
    /// Answer an office's SAKIP self-assessment, respond to its evaluators and follow up their
    /// recommendations (planners and admins of the office).
    SelfAssess(OfficeId),
    /// Propose an office's final SAKIP values and recommendations (evaluators of an office above).
    Evaluate(OfficeId),
    /// Approve or return an office's final SAKIP values, reopen its self-assessment (the
    /// evaluation team leader of an office above).
    LeadEvaluation(OfficeId),
}

/// Why an action is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.en)]
pub struct Denied(pub Text);

/// Everything a signed-in user may do, computed once from their grants and the office tree.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope {
    /// Offices whose data the user may read.
    readable: HashSet<OfficeId>,
    planner: HashSet<OfficeId>,
    admin: HashSet<OfficeId>,
    /// Units (with their office) whose realisations the user enters.
    operator_units: HashSet<(OfficeId, UnitId)>,
    /// Units whose realisations the user verifies: the head's unit and every unit below it.
    head_units: HashSet<(OfficeId, UnitId)>,
    /// Offices where the user holds a role of the office itself (not oversight).
    members: HashSet<OfficeId>,
    /// Offices the user evaluates (every office below their team's), and those they lead.
    evaluates: HashSet<OfficeId>,
    leads: HashSet<OfficeId>,
}

impl Scope {
    /// The scope of `grants`. `offices` is the whole office tree; `units` maps each unit to its
    /// parent unit (to give heads the units under them).
    pub fn new(grants: &[Grant], offices: &[Office], unit_parents: &HashMap<UnitId, Option<UnitId>>) -> Scope {
        let mut scope = Scope::default();
        let mut children: HashMap<OfficeId, Vec<OfficeId>> = HashMap::new();
        for o in offices {
            if let Some(p) = o.parent {
                children.entry(p).or_default().push(o.id);
            }
        }
        for g in grants {
            if g.role.of_the_office() {
                scope.members.insert(g.office);
            }
            match g.role {
                Role::Oversight => scope.readable.extend(own_and_below(g.office, &children)),
                Role::Evaluator | Role::EvaluatorLead => {
                    let offices = own_and_below(g.office, &children);
                    let below = offices.iter().copied().filter(|o| *o != g.office);
                    if g.role == Role::EvaluatorLead {
                        scope.leads.extend(below.clone());
                    }
                    scope.evaluates.extend(below);
                    scope.readable.extend(offices);
                }
                Role::Admin => {
                    scope.readable.insert(g.office);
                    scope.admin.insert(g.office);
                }
                Role::Planner => {
                    scope.readable.insert(g.office);
                    scope.planner.insert(g.office);
                }
                Role::Reviewer => {
                    scope.readable.insert(g.office);
                }
                Role::Operator => {
                    scope.readable.insert(g.office);
                    if let Some(u) = g.unit {
                        scope.operator_units.insert((g.office, u));
                    }
                }
                Role::Head => {
                    scope.readable.insert(g.office);
                    if let Some(u) = g.unit {
                        for (unit, _) in unit_parents.iter() {
                            if *unit == u || is_below(unit_parents, *unit, u) {
                                scope.head_units.insert((g.office, *unit));
                            }
                        }
                        scope.head_units.insert((g.office, u));
                    }
                }
            }
        }
        scope
    }

    /// Offices the user may read.
    pub fn readable_offices(&self) -> &HashSet<OfficeId> {
        &self.readable
    }

    pub fn allows(&self, permission: Permission) -> bool {
        match permission {
            Permission::Read(o) => self.readable.contains(&o),
            Permission::EditPlan(o) => self.planner.contains(&o),
            Permission::EnterRealisation(o, u) => self.operator_units.contains(&(o, u)) || self.planner.contains(&o),
            Permission::Verify(o, u) => self.head_units.contains(&(o, u)),
            Permission::Reopen(o) => self.planner.contains(&o) || self.admin.contains(&o),
            Permission::Administer(o) => self.admin.contains(&o),
            Permission::Comment(o) => self.members.contains(&o),
            Permission::SelfAssess(o) => self.planner.contains(&o) || self.admin.contains(&o),
            Permission::Evaluate(o) => self.evaluates.contains(&o),
            Permission::LeadEvaluation(o) => self.leads.contains(&o),
        }
    }

    /// `Ok` when allowed, else why not.
    pub fn check(&self, permission: Permission) -> Result<(), Denied> {
        if self.allows(permission) {
            return Ok(());
        }
        let (id, en) = match permission {
            Permission::Read(_) => (
                "Anda tidak berhak melihat data kantor ini",
                "you may not see this office's data",
            ),
            Permission::EditPlan(_) => (
                "Anda tidak berhak mengubah rencana kantor ini",
                "you may not change this office's plans",
            ),
            Permission::EnterRealisation(..) => (
                "Anda tidak berhak mengisi realisasi unit ini",
                "you may not enter this unit's realisations",
            ),
            Permission::Verify(..) => (
                "Anda tidak berhak memverifikasi realisasi unit ini",
                "you may not verify this unit's realisations",
            ),
            Permission::Reopen(_) => (
                "Anda tidak berhak membuka kembali periode ini",
                "you may not reopen this period",
            ),
            Permission::Administer(_) => (
                "Anda tidak berhak mengelola kantor ini",
                "you may not administer this office",
            ),
            Permission::Comment(_) => (
                "Anda tidak berhak memberi catatan di kantor ini",
                "you may not comment in this office",
            ),
            Permission::SelfAssess(_) => (
                "Anda tidak berhak mengisi penilaian mandiri SAKIP kantor ini",
                "you may not answer this office's SAKIP self-assessment",
            ),
            Permission::Evaluate(_) => (
                "Anda bukan evaluator SAKIP kantor ini",
                "you are not an evaluator of this office's SAKIP",
            ),
            Permission::LeadEvaluation(_) => (
                "Hanya ketua tim evaluator kantor di atasnya yang dapat melakukan ini",
                "only the evaluation team leader of an office above may do this",
            ),
        };
        Err(Denied(Text::new(id, en)))
    }

    /// The parent map of a year plan's units, for [`Scope::new`].
    pub fn unit_parents(plans: &[&YearPlan]) -> HashMap<UnitId, Option<UnitId>> {
        plans
            .iter()
            .flat_map(|p| p.units.iter().map(|u| (u.id, u.parent)))
            .collect()
    }
}

/// `office` and every office below it.
fn own_and_below(office: OfficeId, children: &HashMap<OfficeId, Vec<OfficeId>>) -> HashSet<OfficeId> {
    let mut out = HashSet::new();
    let mut stack = vec![office];
    while let Some(o) = stack.pop() {
        if out.insert(o) {
            stack.extend(children.get(&o).into_iter().flatten().copied());
        }
    }
    out
}

fn is_below(parents: &HashMap<UnitId, Option<UnitId>>, unit: UnitId, ancestor: UnitId) -> bool {
    let mut cur = parents.get(&unit).copied().flatten();
    let mut steps = 0;
    while let Some(p) = cur {
        if p == ancestor {
            return true;
        }
        steps += 1;
        if steps > parents.len() {
            return false;
        }
        cur = parents.get(&p).copied().flatten();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::LowerFormula;
    use crate::model::OfficeLevel;

    fn office(id: OfficeId, parent: Option<OfficeId>) -> Office {
        Office {
            id,
            code: format!("o{id}").parse().unwrap(),
            name: format!("O{id}"),
            full_name: String::new(),
            level: OfficeLevel::Regency,
            parent,
            address: None,
            city: None,
            scale: None,
            lower_formula: LowerFormula::TwoTMinusR,
            time_zone: Default::default(),
            version: 1,
        }
    }

    /// KPU RI (1) ← Lampung (2) ← Kota Metro (3), Lampung ← Lampung Timur (4); Jawa Barat (5).
    fn tree() -> Vec<Office> {
        vec![
            office(OfficeId(1), None),
            office(OfficeId(2), Some(OfficeId(1))),
            office(OfficeId(3), Some(OfficeId(2))),
            office(OfficeId(4), Some(OfficeId(2))),
            office(OfficeId(5), Some(OfficeId(1))),
        ]
    }

    /// Units of office 3: commission 30 ← secretariat 31 ← sub-sections 32, 33.
    fn units() -> HashMap<UnitId, Option<UnitId>> {
        [(30, None), (31, Some(30)), (32, Some(31)), (33, Some(31))]
            .into_iter()
            .map(|(u, p): (i64, Option<i64>)| (UnitId(u), p.map(UnitId)))
            .collect()
    }

    fn scope(grants: &[Grant]) -> Scope {
        Scope::new(grants, &tree(), &units())
    }

    #[test]
    fn oversight_reads_everything_below_and_changes_nothing() {
        let province = scope(&[Grant {
            role: Role::Oversight,
            office: OfficeId(2),
            unit: None,
        }]);
        assert!(
            province.allows(Permission::Read(OfficeId(2)))
                && province.allows(Permission::Read(OfficeId(3)))
                && province.allows(Permission::Read(OfficeId(4)))
        );
        assert!(!province.allows(Permission::Read(OfficeId(1))) && !province.allows(Permission::Read(OfficeId(5))));
        assert!(
            !province.allows(Permission::EditPlan(OfficeId(3)))
                && !province.allows(Permission::EnterRealisation(OfficeId(3), UnitId(32)))
        );
        assert!(
            !province.allows(Permission::Comment(OfficeId(3))) && !province.allows(Permission::Comment(OfficeId(2)))
        );
        let national = scope(&[Grant {
            role: Role::Oversight,
            office: OfficeId(1),
            unit: None,
        }]);
        assert_eq!(national.readable_offices().len(), 5);
    }

    #[test]
    fn operators_enter_only_their_unit_and_heads_verify_below_them() {
        let operator = scope(&[Grant {
            role: Role::Operator,
            office: OfficeId(3),
            unit: Some(UnitId(32)),
        }]);
        assert!(operator.allows(Permission::EnterRealisation(OfficeId(3), UnitId(32))));
        assert!(!operator.allows(Permission::EnterRealisation(OfficeId(3), UnitId(33))));
        assert!(!operator.allows(Permission::Verify(OfficeId(3), UnitId(32))));
        assert!(operator.allows(Permission::Read(OfficeId(3))) && !operator.allows(Permission::Read(OfficeId(4))));
        let sekretaris = scope(&[Grant {
            role: Role::Head,
            office: OfficeId(3),
            unit: Some(UnitId(31)),
        }]);
        assert!(
            sekretaris.allows(Permission::Verify(OfficeId(3), UnitId(31)))
                && sekretaris.allows(Permission::Verify(OfficeId(3), UnitId(32)))
                && sekretaris.allows(Permission::Verify(OfficeId(3), UnitId(33)))
        );
        assert!(
            !sekretaris.allows(Permission::Verify(OfficeId(3), UnitId(30))),
            "not the unit above"
        );
        assert!(!sekretaris.allows(Permission::EnterRealisation(OfficeId(3), UnitId(32))));
    }

    #[test]
    fn evaluators_evaluate_the_offices_below_their_team_and_only_the_lead_approves() {
        let grant = |role, office| Grant {
            role,
            office: OfficeId(office),
            unit: None,
        };
        let member = scope(&[grant(Role::Evaluator, 2)]);
        assert!(member.allows(Permission::Evaluate(OfficeId(3))) && member.allows(Permission::Evaluate(OfficeId(4))));
        assert!(
            !member.allows(Permission::Evaluate(OfficeId(2))),
            "a team does not evaluate its own office"
        );
        assert!(
            !member.allows(Permission::Evaluate(OfficeId(5))) && !member.allows(Permission::Read(OfficeId(5))),
            "nor another province's"
        );
        assert!(!member.allows(Permission::LeadEvaluation(OfficeId(3))));
        assert!(member.allows(Permission::Read(OfficeId(3))) && member.allows(Permission::Read(OfficeId(2))));
        assert!(
            !member.allows(Permission::SelfAssess(OfficeId(3))) && !member.allows(Permission::EditPlan(OfficeId(3))),
            "an evaluator changes nothing of the office"
        );
        assert!(
            !member.allows(Permission::Comment(OfficeId(2))),
            "a view from above, as oversight"
        );
        let lead = scope(&[grant(Role::EvaluatorLead, 1)]);
        assert!(
            lead.allows(Permission::LeadEvaluation(OfficeId(2)))
                && lead.allows(Permission::LeadEvaluation(OfficeId(3)))
        );
        assert!(lead.allows(Permission::Evaluate(OfficeId(5))) && !lead.allows(Permission::Evaluate(OfficeId(1))));
        let planner = scope(&[grant(Role::Planner, 3)]);
        assert!(
            planner.allows(Permission::SelfAssess(OfficeId(3))) && !planner.allows(Permission::Evaluate(OfficeId(3)))
        );
        let admin = scope(&[grant(Role::Admin, 3)]);
        assert!(admin.allows(Permission::SelfAssess(OfficeId(3))));
        let reviewer = scope(&[grant(Role::Reviewer, 3)]);
        assert!(!reviewer.allows(Permission::SelfAssess(OfficeId(3))));
        assert_eq!("evaluator_lead".parse::<Role>(), Ok(Role::EvaluatorLead));
    }

    #[test]
    fn planners_reviewers_admins() {
        let planner = scope(&[Grant {
            role: Role::Planner,
            office: OfficeId(3),
            unit: None,
        }]);
        assert!(
            planner.allows(Permission::EditPlan(OfficeId(3)))
                && planner.allows(Permission::Reopen(OfficeId(3)))
                && planner.allows(Permission::EnterRealisation(OfficeId(3), UnitId(33)))
        );
        assert!(
            !planner.allows(Permission::Administer(OfficeId(3))) && !planner.allows(Permission::EditPlan(OfficeId(4)))
        );
        let reviewer = scope(&[Grant {
            role: Role::Reviewer,
            office: OfficeId(3),
            unit: None,
        }]);
        assert!(reviewer.allows(Permission::Read(OfficeId(3))) && reviewer.allows(Permission::Comment(OfficeId(3))));
        assert!(!reviewer.allows(Permission::Comment(OfficeId(4))));
        assert!(
            !reviewer.allows(Permission::EditPlan(OfficeId(3)))
                && !reviewer.allows(Permission::EnterRealisation(OfficeId(3), UnitId(32)))
                && !reviewer.allows(Permission::Verify(OfficeId(3), UnitId(32)))
        );
        let admin = scope(&[Grant {
            role: Role::Admin,
            office: OfficeId(3),
            unit: None,
        }]);
        assert!(
            admin.allows(Permission::Administer(OfficeId(3)))
                && admin.allows(Permission::Reopen(OfficeId(3)))
                && !admin.allows(Permission::EditPlan(OfficeId(3)))
        );
        let nobody = scope(&[]);
        let denied = nobody.check(Permission::Read(OfficeId(3))).unwrap_err();
        assert_eq!(denied.0.id, "Anda tidak berhak melihat data kantor ini");
        assert_eq!(Role::from_str("head").unwrap(), Role::Head);
        assert!(Role::from_str("ketua").is_err());
    }
}
