//! The SAKIP performance model, pure: no I/O, no async.
//!
//! Start with [`value`] (how targets and realisations are read), [`achievement`] (capaian and its
//! roll-ups), [`scale`] (category scales) and [`check`] (plan checks). [`model`] holds the plan
//! types the stores load; [`format`] is the one place numbers, money and dates are written.

pub mod access;
pub mod achievement;
pub mod budget;
pub mod check;
pub mod date;
pub mod evaluation;
pub mod format;
pub mod grade;
pub mod i18n;
pub mod indicator;
pub mod input;
pub mod model;
pub mod names;
pub mod notice;
pub mod period;
pub mod reporting;
pub mod scale;
pub mod synthetic;
pub mod value;
pub mod workflow;

pub use rust_decimal::Decimal;
