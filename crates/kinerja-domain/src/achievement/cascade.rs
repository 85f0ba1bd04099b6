//! Cascading: an indicator without a realisation of its own takes the mean of the indicators that support it, deepest units first; circular cascades are found and named.

use super::*;

/// Indicators without a realisation of their own take the mean of the indicators that support
/// them (cascading), deepest units first; one in a circular cascade gets `CircularCascade`.
pub(crate) fn cascade(
    plan: &YearPlan,
    results: &mut HashMap<IndicatorId, IndicatorAchievement>,
    formula: LowerFormula,
    scale: Option<&CategoryScale>,
) {
    let mut supporters: HashMap<IndicatorId, Vec<IndicatorId>> = HashMap::new();
    for ind in &plan.indicators {
        if let Some(s) = ind.supports {
            supporters.entry(s).or_default().push(ind.id);
        }
    }
    let circular = cascade_cycles(plan);
    if !supporters.is_empty() {
        let depth = unit_depths(plan);
        let objective_unit: HashMap<ObjectiveId, UnitId> = plan.objectives.iter().map(|o| (o.id, o.unit)).collect();
        let mut order: Vec<&Indicator> = plan
            .indicators
            .iter()
            .filter(|i| supporters.contains_key(&i.id))
            .collect();
        order.sort_by_key(|i| {
            std::cmp::Reverse(
                objective_unit
                    .get(&i.objective)
                    .and_then(|u| depth.get(u))
                    .copied()
                    .unwrap_or(0),
            )
        });
        for ind in order {
            let unrealised = results
                .get(&ind.id)
                .is_some_and(|own| own.achievement == Err(NotComputable::NoRealisation));
            if !unrealised {
                continue;
            }
            if circular.contains(&ind.id) {
                if let Some(entry) = results.get_mut(&ind.id) {
                    entry.achievement = Err(NotComputable::CircularCascade);
                }
                continue;
            }
            let parts: Vec<&IndicatorAchievement> = supporters
                .get(&ind.id)
                .into_iter()
                .flatten()
                .filter_map(|s| results.get(s).filter(|r| r.achievement.is_ok()))
                .collect();
            if parts.is_empty() {
                continue;
            }
            let (achievement, realised_percent, through_count) = cascaded(ind, &results[&ind.id], &parts, formula);
            let category = achievement
                .as_ref()
                .ok()
                .and_then(|m| scale.and_then(|s| s.categorise(*m)))
                .map(|b| b.label.clone());
            let count = parts.len();
            if let Some(entry) = results.get_mut(&ind.id) {
                entry.achievement = achievement;
                entry.category = category;
                entry.from_supporting = count;
                entry.through_count = through_count;
                if let Some(p) = realised_percent {
                    entry.realised_percent = Some(p);
                    entry.realisation = Some(Value::percent(p));
                }
            }
        }
    }
}

/// The achievement of an indicator with no realisation of its own, from the indicators that
/// support it (cascading):
///
/// - when its target is a percentage and every supporter has a realised percentage (a status
///   percentage, or a counted group's), the supporters' realised percentages are averaged and
///   measured against its own target (the Ketua's 100% diklat target, fed by a sub-section's 5 of
///   3 people, is 100% realised: 100% achieved) — compared as the supporters were: higher is
///   better when they were reached through counts of work done;
/// - otherwise it is the mean of the supporters' achievements (grades, counts of other things).
///
/// Returns the achievement, the realised percentage when there is one, and whether it came
/// through counts.
pub(crate) fn cascaded(
    ind: &Indicator,
    own: &IndicatorAchievement,
    parts: &[&IndicatorAchievement],
    formula: LowerFormula,
) -> (Result<Decimal, NotComputable>, Option<Decimal>, bool) {
    let percent_of = |a: &IndicatorAchievement| {
        a.realised_percent
            .map(|p| (p, a.through_count))
            .or_else(|| match a.realisation.as_ref().map(Value::measure) {
                Some(Measure::Percent(p)) => Some((*p, false)),
                _ => None,
            })
    };
    let target = own.target.as_ref().map(Value::measure);
    let percents: Option<Vec<(Decimal, bool)>> = parts.iter().map(|a| percent_of(a)).collect();
    if let (Some(Measure::Percent(t)), Some(percents)) = (target, percents) {
        let values: Vec<Decimal> = percents.iter().map(|(p, _)| *p).collect();
        let through = percents.iter().all(|(_, c)| *c);
        let Some(mean) = checked_mean(&values) else {
            return (Err(NotComputable::OutOfRange), None, through);
        };
        let polarity = match ind.settings.polarity {
            band @ Polarity::Band { .. } => band,
            _ if through => Polarity::HigherIsBetter,
            other => other,
        };
        let achieved = ratio(*t, mean, polarity, formula).and_then(|v| finish(v, &ind.settings));
        return (achieved, Some(mean), through);
    }
    let achievements: Vec<Decimal> = parts.iter().filter_map(|a| a.achievement.clone().ok()).collect();
    (
        checked_mean(&achievements).ok_or(NotComputable::OutOfRange),
        None,
        false,
    )
}

/// The indicators on a cycle of `supports` links (a cascade that comes back to itself).
pub(crate) fn cascade_cycles(plan: &YearPlan) -> std::collections::HashSet<IndicatorId> {
    let next: HashMap<IndicatorId, IndicatorId> = plan
        .indicators
        .iter()
        .filter_map(|i| Some((i.id, i.supports?)))
        .collect();
    let mut on_cycle = std::collections::HashSet::new();
    for start in next.keys() {
        let mut path = vec![*start];
        let mut at = *start;
        while let Some(n) = next.get(&at) {
            if let Some(pos) = path.iter().position(|p| p == n) {
                on_cycle.extend(path[pos..].iter().copied());
                break;
            }
            if path.len() > next.len() {
                break;
            }
            path.push(*n);
            at = *n;
        }
    }
    on_cycle
}

/// How deep each unit sits in its office's tree (the top unit is 0).
pub(crate) fn unit_depths(plan: &YearPlan) -> HashMap<UnitId, usize> {
    let mut depth = HashMap::with_capacity(plan.units.len());
    for u in plan.units_in_tree_order() {
        let d = u
            .parent
            .and_then(|p| depth.get(&p).copied())
            .map(|d: usize| d + 1)
            .unwrap_or(0);
        depth.insert(u.id, d);
    }
    depth
}
