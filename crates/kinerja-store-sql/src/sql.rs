//! SQL text. Queries over a year take `$1` = year and, when filtered by office, `$2` = office;
//! queries not about a year take `$1` = office when filtered.

/// The year condition. For one office it is written `+col` so that SQLite's planner does
/// not drive the query from the year's index (every office's rows of the year) but from the
/// office's units; unary plus is also valid (and harmless) in PostgreSQL.
fn year(by_office: bool, column: &str) -> String {
    if by_office {
        format!("+{column} = $1")
    } else {
        format!("{column} = $1")
    }
}

fn filter(by_office: bool, column: &str, n: u8) -> String {
    if by_office {
        format!(" AND {column} = ${n}")
    } else {
        String::new()
    }
}

pub const OFFICE_COLUMNS: &str =
    "id, code, name, full_name, level, parent_id, address, city, scale_code, lower_formula, time_zone, version";

pub fn offices() -> String {
    format!(
        "SELECT {OFFICE_COLUMNS} FROM offices ORDER BY CASE level WHEN 'national' THEN 0 WHEN 'province' THEN 1 ELSE 2 END, id"
    )
}
pub fn office_by_id() -> String {
    format!("SELECT {OFFICE_COLUMNS} FROM offices WHERE id = $1")
}
pub fn office_by_code() -> String {
    format!("SELECT {OFFICE_COLUMNS} FROM offices WHERE code = $1")
}
pub fn units(by_office: bool) -> String {
    format!(
        "SELECT id, office_id, code, name, kind, parent_id, aliases, version FROM units WHERE 1 = 1{} ORDER BY office_id, id",
        filter(by_office, "office_id", 1)
    )
}
pub fn unit_years(by_office: bool) -> String {
    format!(
        "SELECT u.office_id, y.unit_id, y.year, y.has_pk, y.has_rak, y.rak_period_kind, y.stated_budget_total, \
         y.pk_signed, y.rak_signed, y.pk_source, y.rak_source \
         FROM unit_years y JOIN units u ON u.id = y.unit_id WHERE {}{} ORDER BY y.unit_id",
        year(by_office, "y.year"),
        filter(by_office, "u.office_id", 2)
    )
}
pub fn objectives(by_office: bool) -> String {
    format!(
        "SELECT u.office_id, o.id, o.unit_id, o.year, o.ord, o.text \
         FROM objectives o JOIN units u ON u.id = o.unit_id WHERE {}{} ORDER BY o.id",
        year(by_office, "o.year"),
        filter(by_office, "u.office_id", 2)
    )
}
pub fn indicators(by_office: bool) -> String {
    format!(
        "SELECT u.office_id, i.id, i.objective_id, i.ord, i.text, i.pk_target_kind, i.pk_target_raw, \
         i.rak_target_kind, i.rak_target_raw, i.activity_target_kind, i.activity_target_raw, i.period_targets, \
         i.settings, i.computation, i.data_source, i.supports_id, i.supports_objective_id, i.reported, i.note, i.version \
         FROM indicators i JOIN objectives o ON o.id = i.objective_id JOIN units u ON u.id = o.unit_id \
         WHERE {}{} ORDER BY i.id",
        year(by_office, "o.year"),
        filter(by_office, "u.office_id", 2)
    )
}
pub fn actions(by_office: bool) -> String {
    format!(
        "SELECT u.office_id, a.id, a.indicator_id, a.ord, a.text, a.period_kind, a.periods, a.executor, \
         a.executor_unit_id, a.budget, a.target_kind, a.target_raw, a.note \
         FROM actions a JOIN indicators i ON i.id = a.indicator_id JOIN objectives o ON o.id = i.objective_id \
         JOIN units u ON u.id = o.unit_id WHERE {}{} ORDER BY a.id",
        year(by_office, "o.year"),
        filter(by_office, "u.office_id", 2)
    )
}
pub fn budget_lines(by_office: bool) -> String {
    format!(
        "SELECT u.office_id, b.id, b.unit_id, b.year, b.ord, b.name, b.level, b.ceiling, b.realised, b.indicators \
         FROM budget_lines b JOIN units u ON u.id = b.unit_id WHERE {}{} ORDER BY b.id",
        year(by_office, "b.year"),
        filter(by_office, "u.office_id", 2)
    )
}
pub const REALISATION_COLUMNS: &str = "r.id, r.indicator_id, r.period, r.value_kind, r.value_raw, r.status, r.evidence, \
     r.obstacles, r.follow_up, r.return_reason, r.version";
/// Each indicator's realisations as one JSON array of arrays (fields in
/// [`REALISATION_PACK_FIELDS`] order): a year holds a million realisations, and a row per
/// indicator is far cheaper to move than a row per realisation. `open`/`close` wrap the
/// fields in the backend's aggregate (`json_group_array(json_array(` … `))` on SQLite).
pub fn realisations_packed(by_office: bool, open: &str, close: &str) -> String {
    format!(
        "SELECT u.office_id, r.indicator_id, {open}{REALISATION_PACK_FIELDS}{close} AS packed \
         FROM realisations r JOIN indicators i ON i.id = r.indicator_id JOIN objectives o ON o.id = i.objective_id \
         JOIN units u ON u.id = o.unit_id WHERE {}{} GROUP BY u.office_id, r.indicator_id ORDER BY r.indicator_id",
        year(by_office, "o.year"),
        filter(by_office, "u.office_id", 2)
    )
}
pub const REALISATION_PACK_FIELDS: &str = "r.id, r.period, r.value_kind, r.value_raw, r.status, r.evidence, r.obstacles, r.follow_up, r.return_reason, r.version";
/// One realisation with its office, by `$1` = id.
pub fn realisation_by_id() -> String {
    format!(
        "SELECT u.office_id, {REALISATION_COLUMNS} \
         FROM realisations r JOIN indicators i ON i.id = r.indicator_id JOIN objectives o ON o.id = i.objective_id \
         JOIN units u ON u.id = o.unit_id WHERE r.id = $1"
    )
}
/// One realisation by `$1` = indicator and `$2` = period.
pub fn realisation_by_period() -> String {
    format!(
        "SELECT u.office_id, {REALISATION_COLUMNS} \
         FROM realisations r JOIN indicators i ON i.id = r.indicator_id JOIN objectives o ON o.id = i.objective_id \
         JOIN units u ON u.id = o.unit_id WHERE r.indicator_id = $1 AND r.period = $2"
    )
}
pub fn indicator_by_id() -> String {
    "SELECT u.office_id, i.id, i.objective_id, i.ord, i.text, i.pk_target_kind, i.pk_target_raw, \
     i.rak_target_kind, i.rak_target_raw, i.activity_target_kind, i.activity_target_raw, i.period_targets, \
     i.settings, i.computation, i.data_source, i.supports_id, i.supports_objective_id, i.reported, i.note, i.version \
     FROM indicators i JOIN objectives o ON o.id = i.objective_id JOIN units u ON u.id = o.unit_id WHERE i.id = $1"
        .to_string()
}
pub fn people(by_office: bool) -> String {
    format!(
        "SELECT id, office_id, code, name, nip FROM people WHERE 1 = 1{} ORDER BY id",
        filter(by_office, "office_id", 1)
    )
}
pub fn positions(by_office: bool) -> String {
    format!(
        "SELECT p.office_id, q.id, q.person_id, q.unit_id, q.title, q.acting, q.from_date, q.until_date \
         FROM positions q JOIN people p ON p.id = q.person_id WHERE 1 = 1{} ORDER BY q.id",
        filter(by_office, "p.office_id", 1)
    )
}
pub const ORDINAL_SCALES: &str = "SELECT id, office_id, code, name, levels FROM ordinal_scales ORDER BY id";
pub const ORDINAL_SCALES_FOR: &str = "SELECT id, office_id, code, name, levels FROM ordinal_scales WHERE office_id IS NULL OR office_id = $1 ORDER BY id";
pub const SCALES_FOR: &str = "SELECT id, code, name, domain_min, domain_max, bands FROM scales WHERE office_id IS NULL OR office_id = $1 ORDER BY id";
pub const AUDIT_COLUMNS: &str =
    "id, at, actor, office_id, entity, entity_id, action, before_json AS before, after_json AS after, reason";
pub const INSERT_AUDIT: &str = "INSERT INTO audit_log (at, actor, office_id, entity, entity_id, action, before_json, after_json, reason) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
/// Ids of a unit's indicators of a year: `$1` = unit, `$2` = year.
pub const INDICATORS_OF_UNIT_YEAR: &str =
    "SELECT i.id FROM indicators i JOIN objectives o ON o.id = i.objective_id WHERE o.unit_id = $1 AND o.year = $2";
