//! `kinerja doc` and `kinerja docs`: official documents from the command line, one or a batch.
//!
//! The command line has the whole database, so it reads as national oversight (every office);
//! documents still go through the scoped loader the web uses.

use kinerja_domain::model::Year;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use kinerja_documents::{Inputs, Kind, Request};

use crate::progress::Progress;
use kinerja_domain::access::{Grant, Role};
use kinerja_domain::date::Date;
use kinerja_domain::i18n::Lang;
use kinerja_domain::model::Office;
use kinerja_domain::period::Period;
use kinerja_store::scoped::Scoped;
use kinerja_store::{Store, User};

/// Everything the command line may read: oversight of every root office, and the evaluation
/// team leader's view of every office below them (the evaluators' values before they are
/// proposed).
pub async fn everything(store: &dyn Store) -> Result<Scoped<'_>> {
    let offices = store.offices().await?;
    let grants = offices
        .iter()
        .filter(|o| o.parent.is_none())
        .flat_map(|o| {
            [Role::Oversight, Role::EvaluatorLead].map(|role| Grant {
                role,
                office: o.id,
                unit: None,
            })
        })
        .collect();
    let user = User {
        id: 0,
        login: "cli".parse()?,
        name: "kinerja (baris perintah)".into(),
        disabled: false,
        lang: Lang::Id,
        grants,
        version: 0,
    };
    Ok(Scoped::for_user(store, user).await?)
}

pub struct DocArgs<'a> {
    pub kind: &'a str,
    pub unit: Option<&'a str>,
    pub year: Year,
    pub period: Option<&'a str>,
    pub format: &'a str,
    pub output: Option<&'a Path>,
    pub date: Option<&'a str>,
}

/// The date asked for; without one, documents print their stored signing date or leave the date
/// line blank for hand filling (never the day the file is made).
fn parse_date(date: Option<&str>) -> Result<Option<Date>> {
    date.map(|d| d.parse::<Date>().map_err(|e| anyhow!("--date {d}: {e}")))
        .transpose()
}

fn request(kind: &str, unit: Option<&str>, period: Option<&str>, format: &str) -> Result<Request> {
    let kind: Kind = kind.parse()?;
    let period = period
        .map(|p| p.parse::<Period>().map_err(|e| anyhow!("--period: {e}")))
        .transpose()?;
    if kind.needs_period() && period.is_none() {
        bail!("--period is needed for a monitoring report (B1…B12 or TW1…TW4)");
    }
    Ok(Request {
        kind,
        unit: unit.map(str::to_string),
        period,
        format: format.parse()?,
    })
}

/// `kinerja doc`: one document to a file; the gaps are listed on stderr.
pub async fn one(store: &dyn Store, office: &Office, args: DocArgs<'_>) -> Result<()> {
    if args.kind.eq_ignore_ascii_case("lke") {
        return lke_worksheet(store, office, &args).await;
    }
    if args.kind.eq_ignore_ascii_case("lhe") {
        return lhe_report(store, office, &args).await;
    }
    let request = request(args.kind, args.unit, args.period, args.format)?;
    let date = parse_date(args.date)?;
    let scoped = everything(store).await?;
    let inputs = kinerja_documents::load(&scoped, office, args.year, date).await?;
    let rendered = tokio::task::spawn_blocking(move || kinerja_documents::render(&inputs, &request)).await??;
    let path = args
        .output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(&rendered.file_name));
    write_file(&path, &rendered.bytes)?;
    eprintln!("{} ({} bytes)", path.display(), rendered.bytes.len());
    if !rendered.gaps.is_empty() {
        eprintln!("{} data belum diisi (ditandai di dokumen):", rendered.gaps.len());
        for g in &rendered.gaps {
            eprintln!("  - {g}");
        }
    }
    Ok(())
}

/// `kinerja doc lke`: the filled LKE worksheet of the office's year (self-assessment and final
/// values side by side), PDF, DOCX or XLSX.
async fn lke_worksheet(store: &dyn Store, office: &Office, args: &DocArgs<'_>) -> Result<()> {
    use kinerja_store::evaluations::Stage;
    let format: kinerja_documents::Format = args.format.parse()?;
    let template = match store.lke_template(args.year).await? {
        Some(t) => t.template,
        None => kinerja_domain::evaluation::Template::shipped(),
    };
    let own = store.lke_answers(office.id, args.year, Stage::SelfAssessment).await?;
    let fin = store.lke_answers(office.id, args.year, Stage::Final).await?;
    let evidence = store.lke_evidence(office.id, args.year).await?;
    let doc = kinerja_documents::lke::worksheet(office, args.year, &template, &own, &fin, &evidence);
    let bytes = tokio::task::spawn_blocking(move || kinerja_documents::write(&doc, format)).await??;
    let path = args
        .output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(format!("lke-{}-{}.{}", office.code, args.year, format.extension())));
    write_file(&path, &bytes)?;
    eprintln!("{} ({} bytes)", path.display(), bytes.len());
    Ok(())
}

/// `kinerja doc lhe`: the evaluation report (LHE) of the office's year, PDF or DOCX, dated
/// `--date` (else today).
async fn lhe_report(store: &dyn Store, office: &Office, args: &DocArgs<'_>) -> Result<()> {
    let format: kinerja_documents::Format = args.format.parse()?;
    if format == kinerja_documents::Format::Xlsx {
        bail!("the LHE is a report: --format pdf or docx (the worksheet as XLSX is `kinerja doc lke`)");
    }
    let date = parse_date(args.date)?.unwrap_or_else(|| kinerja_store::clock::today_in(office.time_zone));
    let scoped = everything(store).await?;
    let input = kinerja_documents::lhe::load(&scoped, office, args.year, date).await?;
    let doc = kinerja_documents::lhe::report(&input);
    let bytes = tokio::task::spawn_blocking(move || kinerja_documents::write(&doc, format)).await??;
    let path = args
        .output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(format!("lhe-{}-{}.{}", office.code, args.year, format.extension())));
    write_file(&path, &bytes)?;
    eprintln!("{} ({} bytes)", path.display(), bytes.len());
    Ok(())
}

/// Written whole or not at all: a temporary file renamed over the target.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("kinerja-tmp");
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

pub struct BatchArgs<'a> {
    pub kind: &'a str,
    pub unit: Option<&'a str>,
    pub year: Year,
    pub period: Option<&'a str>,
    pub format: &'a str,
    pub dir: &'a Path,
    pub date: Option<&'a str>,
    pub jobs: usize,
}

/// `kinerja docs`: a document for `under` and every office below it, rendered on `jobs` threads,
/// with a progress bar. Offices without a plan for the year are skipped and named.
/// What a worker of the batch reports: the office's name, and its document or why it failed.
type Outcome = (String, Result<kinerja_documents::Rendered, String>);

pub async fn batch(store: &dyn Store, under: &Office, args: BatchArgs<'_>) -> Result<()> {
    let request = request(args.kind, args.unit, args.period, args.format)?;
    let date = parse_date(args.date)?;
    let scoped = everything(store).await?;
    let all = scoped.offices().await?;
    let offices: Vec<Office> = all
        .iter()
        .filter(|o| o.id == under.id || is_below(&all, o, under.id))
        .cloned()
        .collect();
    std::fs::create_dir_all(args.dir).with_context(|| format!("cannot create {}", args.dir.display()))?;
    let total = offices.len();
    let started = Instant::now();
    let progress = Progress::new(total);
    let jobs = args.jobs.max(1);
    let mut running = tokio::task::JoinSet::new();
    let (mut done, mut written, mut skipped, mut failed) = (0usize, 0usize, vec![], vec![]);
    let request = Arc::new(request);
    let mut bytes_total = 0usize;
    let mut finish = |result: Result<Result<Outcome>, tokio::task::JoinError>, done: &mut usize| -> Result<()> {
        *done += 1;
        let (name, outcome) = result??;
        match outcome {
            Ok(r) => {
                write_file(&args.dir.join(&r.file_name), &r.bytes)?;
                bytes_total += r.bytes.len();
                written += 1;
            }
            Err(why) => failed.push(format!("{name}: {why}")),
        }
        progress.show(*done, &name);
        Ok(())
    };
    for office in offices {
        let inputs: Inputs = kinerja_documents::load(&scoped, &office, args.year, date).await?;
        if inputs.plan.objectives.is_empty() {
            done += 1;
            skipped.push(office.name.clone());
            progress.show(done, &office.name);
            continue;
        }
        while running.len() >= jobs {
            let next = running.join_next().await.expect("a task is running");
            finish(next, &mut done)?;
        }
        let request = Arc::clone(&request);
        running.spawn_blocking(move || {
            let outcome = kinerja_documents::render(&inputs, &request).map_err(|e| e.to_string());
            kinerja_documents::evict_cache(4);
            Ok((office.name.clone(), outcome))
        });
    }
    while let Some(next) = running.join_next().await {
        finish(next, &mut done)?;
    }
    progress.end();
    eprintln!(
        "{written} dokumen ditulis ke {} ({} MB) dalam {:.1} s; {} kantor tanpa rencana {}; {} gagal.",
        args.dir.display(),
        bytes_total / 1_000_000,
        started.elapsed().as_secs_f64(),
        skipped.len(),
        args.year,
        failed.len()
    );
    for s in &skipped {
        eprintln!("  dilewati (tanpa rencana): {s}");
    }
    for f in &failed {
        eprintln!("  gagal: {f}");
    }
    if !failed.is_empty() {
        bail!("{} of {total} documents failed", failed.len());
    }
    Ok(())
}

pub(crate) fn is_below(all: &[Office], office: &Office, ancestor: kinerja_domain::model::OfficeId) -> bool {
    let mut cur = office.parent;
    let mut steps = 0;
    while let Some(p) = cur {
        if p == ancestor {
            return true;
        }
        steps += 1;
        if steps > all.len() {
            return false;
        }
        cur = all.iter().find(|o| o.id == p).and_then(|o| o.parent);
    }
    false
}
