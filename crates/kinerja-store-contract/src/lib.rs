//! The contract every Kinerja store keeps, as one suite of cases run against each backend.
//!
//! A backend's test file defines a fixture (a fresh, empty store) and calls
//! [`contract_tests!`], which makes one `#[tokio::test]` per case.

use kinerja_domain::Decimal;
use kinerja_domain::date::Date;
use kinerja_domain::indicator::{IndicatorSettings, LowerFormula, Polarity, Rollup};
use kinerja_domain::model::*;
use kinerja_domain::period::{Period, PeriodKind};
use kinerja_domain::scale::CategoryScale;
use kinerja_domain::value::Value;
use kinerja_domain::workflow::Transition;
use kinerja_store::*;

mod hostile;
pub use hostile::*;
mod datasets;
pub use datasets::*;
mod monitoring;
pub use monitoring::*;
mod people;
pub use people::*;
mod plans;
pub use plans::*;
mod changes;
pub use changes::*;
mod notices;
pub use notices::*;
mod restores;
pub use restores::*;
mod evaluations;
pub use evaluations::*;
mod second_factor;
pub use second_factor::*;
mod frozen;
pub use frozen::*;
mod transfer;
pub use transfer::*;

/// Makes one test per contract case. `$open` is an expression giving a future of
/// `Option<F>` where `F` has `fn store(&self) -> &dyn Store` and `async fn cleanup(self)`.
/// A backend that needs a service passes `#[ignore = "needs …"]` first, and its fixture fails,
/// naming what is missing, when the ignored cases are run without it.
#[macro_export]
macro_rules! contract_tests {
    // `#[ignore = "needs …"]` before the fixture marks every case (a backend that needs a
    // service): `cargo test` lists them as ignored, `--include-ignored` runs them.
    (#[$attr:meta] $open:expr) => {
        $crate::contract_tests!(@cases #[$attr] $open;
            dataset_round_trip,
            refreshing_replaces_without_duplicates,
            a_bad_dataset_changes_nothing,
            stale_versions_are_refused,
            concurrent_first_saves_keep_one,
            the_workflow_locks_verified_periods,
            every_change_is_audited,
            indicator_settings_change_with_their_version,
            unknown_things_are_not_found,
            year_plans_cover_every_office,
            office_defined_grades_survive_storage,
            users_are_created_checked_and_audited,
            scoped_access_follows_grants,
            sessions_expire_and_are_deleted,
            evidence_files_are_recorded_with_their_realisation,
            deadlines_are_replaced_per_year_and_audited,
            api_tokens_act_for_their_user_until_revoked,
            plans_are_edited_in_place_with_their_checks,
            a_plan_is_copied_into_the_next_year,
            data_versions_move_with_every_change_of_an_office,
            action_progress_survives_rak_edits_of_its_row,
            comments_are_kept_per_office_and_checked,
            budget_spending_is_set_per_line,
            budget_lines_are_linked_to_the_indicators_they_fund,
            offices_keep_their_time_zone_or_their_parents,
            pk_signatures_reach_the_office_above_and_stay_in_their_year,
            narratives_are_kept_per_office_and_year,
            imported_plans_merge_without_duplicates,
            hostile_texts_and_values_are_refused_alike,
            lookups_of_impossible_keys_find_nothing,
            sign_in_support_purges_shares_records_and_revokes,
            notifications_follow_the_workflow_and_mail_is_claimed_once,
            the_audit_log_is_searched_by_record_prefix_actor_and_day,
            deleted_plan_parts_are_restored_once,
            lke_answers_are_checked_kept_per_stage_and_freeze_the_worksheet,
            lke_windows_lock_the_self_assessment_and_reopen_it,
            lke_reviews_go_from_proposal_to_approval_and_lock_the_final_values,
            lke_recommendations_are_checked_and_followed_up_into_the_next_year,
            lke_roles_scope_who_answers_proposes_and_approves,
            lke_evidence_names_documents_and_files_per_criterion,
            a_fresh_store_has_every_migration_applied,
            second_factors_are_enrolled_used_once_and_removed,
            frozen_documents_are_kept_byte_for_byte_signed_and_published,
            an_office_moves_to_another_instance_under_new_ids
        );
    };
    ($open:expr) => {
        $crate::contract_tests!(#[cfg(all())] $open);
    };
    (@cases #[$attr:meta] $open:expr; $($case:ident),* $(,)?) => {
        $(
            #[$attr]
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                let Some(fixture) = $open.await else { return };
                $crate::$case(fixture.store()).await;
                fixture.cleanup().await;
            }
        )*
    };
}

fn v(s: &str) -> Value {
    Value::parse(s).expect("test value")
}

fn d(s: &str) -> Decimal {
    s.parse().expect("test decimal")
}

const OFFICE: &str = "kpu-contoh";
const YEAR: Year = Year::of(2024);

/// A login written in a test.
fn login(s: &str) -> Login {
    s.parse().unwrap()
}
const NEXT_YEAR: Year = Year::of(2025);

fn actor() -> Actor {
    Actor::new("contract:tester")
}

async fn load(store: &dyn Store) -> (Office, YearPlan) {
    store
        .apply_dataset(&actor(), &sample_dataset(), "contract test")
        .await
        .expect("apply sample dataset");
    let office = store.find_office(OFFICE).await.expect("find").expect("present");
    let plan = store.year_plan(office.id, YEAR).await.expect("year plan");
    (office, plan)
}

fn indicator<'a>(plan: &'a YearPlan, text: &str) -> &'a Indicator {
    plan.indicators
        .iter()
        .find(|i| i.text == text)
        .unwrap_or_else(|| panic!("indicator {text}"))
}

fn input(indicator: IndicatorId, period: Period, value: &str) -> RealisationInput {
    RealisationInput {
        indicator,
        period,
        value: v(value),
        evidence: vec!["bukti.pdf".into()],
        new_files: vec![],
        obstacles: None,
        follow_up: None,
    }
}
