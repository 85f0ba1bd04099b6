//! What each subcommand does once the command line is read: the commands on an open store, documents, import, demo, check, audit, users.

use super::*;
use kinerja_domain::model::Login;
use kinerja_domain::model::Year;

/// The first line of standard input, without its line ending.
pub(crate) fn read_password() -> Result<String> {
    use std::io::{BufRead, IsTerminal, Write};
    if std::io::stdin().is_terminal() {
        eprint!("Kata sandi (password): ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

pub(crate) async fn user_command(store: &dyn Store, actor: &Actor, command: UserCommand) -> Result<()> {
    let find = async |login: &Login| -> Result<kinerja_store::User> {
        Ok(store
            .user_credentials(login)
            .await?
            .ok_or_else(|| anyhow!("user '{login}' not found"))?
            .0)
    };
    match command {
        UserCommand::Token { login, name } => {
            let user = find(&login).await?;
            let secret = kinerja_store::token::generate();
            let made = store
                .create_api_token(actor, user.id, &name, &kinerja_store::token::digest(&secret))
                .await?;
            eprintln!(
                "Token {} untuk {login} ({name}) dibuat. Simpan sekarang: token tidak akan ditampilkan lagi.",
                made.id
            );
            outln!("{secret}");
        }
        UserCommand::Tokens { login } => {
            let user = find(&login).await?;
            for t in store.api_tokens(user.id).await? {
                outln!(
                    "{}\t{}\t{}{}",
                    t.id,
                    t.created_at,
                    t.name,
                    if t.revoked { "\t(dicabut)" } else { "" }
                );
            }
        }
        UserCommand::Revoke { id, reason } => {
            let t = store.revoke_api_token(actor, id, &reason).await?;
            outln!("Token {} ({}) dicabut.", t.id, t.name);
        }
        UserCommand::Add {
            login,
            name,
            role,
            office: key,
            unit,
            user_lang,
        } => {
            let office = office(store, &key).await?;
            let unit = grant_unit(store, &office, role, unit).await?;
            let password_hash = password::hash(&read_password()?)?;
            let user = store
                .create_user(
                    actor,
                    &NewUser {
                        login,
                        name,
                        password_hash,
                        lang: user_lang,
                        grants: vec![Grant {
                            role,
                            office: office.id,
                            unit,
                        }],
                    },
                    "kinerja user add",
                )
                .await?;
            outln!("{} ({}): {} {}", user.login, user.name, role.code(), office.name);
        }
        UserCommand::Passwd { login } => {
            let user = find(&login).await?;
            let hash = password::hash(&read_password()?)?;
            store
                .set_password(actor, user.id, &hash, true, "kinerja user passwd")
                .await?;
            outln!("{login}: password changed");
        }
        UserCommand::Disable { login, reason } => {
            let user = find(&login).await?;
            store.set_user_disabled(actor, user.id, true, &reason).await?;
            outln!("{login}: disabled");
        }
        UserCommand::Enable { login, reason } => {
            let user = find(&login).await?;
            store.set_user_disabled(actor, user.id, false, &reason).await?;
            outln!("{login}: enabled");
        }
        UserCommand::List => list_users(store).await?,
    }
    Ok(())
}

/// `kinerja user list`: every user with their grants.
pub(crate) async fn list_users(store: &dyn Store) -> Result<()> {
    let offices = store.offices().await?;
    let mut unit_names = std::collections::HashMap::new();
    for office in &offices {
        unit_names.extend(store.units(office.id).await?.into_iter().map(|u| (u.id, u.name)));
    }
    for u in store.users().await? {
        let grants: Vec<String> = u
            .grants
            .iter()
            .map(|g| {
                let office = offices
                    .iter()
                    .find(|o| o.id == g.office)
                    .map(|o| o.name.as_str())
                    .unwrap_or("?");
                let unit = g
                    .unit
                    .and_then(|u| unit_names.get(&u))
                    .map(|n| format!(" — {n}"))
                    .unwrap_or_default();
                format!("{} {office}{unit}", g.role.code())
            })
            .collect();
        outln!(
            "{}\t{}\t{}{}",
            u.login,
            u.name,
            grants.join(", "),
            if u.disabled { "\tdisabled" } else { "" }
        );
    }
    Ok(())
}

/// The unit of a new user's grant: named for the roles on one unit, refused for the others.
pub(crate) async fn grant_unit(
    store: &dyn Store,
    office: &Office,
    role: Role,
    unit: Option<String>,
) -> Result<Option<kinerja_domain::model::UnitId>> {
    Ok(match (unit, role.needs_unit()) {
        (Some(name), true) => {
            let units = store.units(office.id).await?;
            let found = find_unit(&units, &name).ok_or_else(|| {
                let codes: Vec<&str> = units.iter().map(|u| u.code.as_str()).collect();
                anyhow!(
                    "unit '{name}' not found in {}; units: {}",
                    office.name,
                    codes.join(", ")
                )
            })?;
            Some(found.id)
        }
        (None, true) => bail!(
            "--role {} needs --unit: the unit whose realisations they {}",
            role.code(),
            if role == Role::Head { "verify" } else { "enter" }
        ),
        (Some(_), false) => bail!("--role {} is on the whole office: leave out --unit", role.code()),
        (None, false) => None,
    })
}

/// The commands that work on an open store.
pub(crate) async fn store_command(
    store: &dyn Store,
    actor: &Actor,
    command: Command,
    db_url: &str,
    lang: Lang,
) -> Result<ExitCode> {
    let code = match command {
        // Done above, before the database is opened (and migrated).
        Command::Backup { .. } | Command::Restore { .. } => ExitCode::SUCCESS,
        Command::Migrate { .. } => {
            store.migrate().await?;
            outln!("{}: schema up to date", store.backend());
            ExitCode::SUCCESS
        }
        Command::Demo { json } => {
            demo_command(store, actor, json, lang).await?;
            ExitCode::SUCCESS
        }
        Command::Achievement {
            office,
            unit,
            year,
            period,
            period_only,
            verified_only,
            json,
        } => {
            let period = period
                .map(|p| p.parse::<Period>())
                .transpose()
                .map_err(|e| anyhow!("--period: {e}"))?;
            let span = match period {
                None => Span::Year,
                Some(p) if period_only => Span::Only(p),
                Some(p) => Span::To(p),
            };
            let basis = if verified_only { Basis::Verified } else { Basis::Entered };
            let (unit, year) = (unit.as_deref(), year);
            print_achievement(store, &office, unit, year, span, basis, json, lang).await?;
            ExitCode::SUCCESS
        }
        Command::Check {
            office: key,
            year,
            json,
        } => check_command(store, &key, year, json, lang).await?,
        command @ (Command::Doc { .. } | Command::Docs { .. }) => {
            documents_command(store, command).await?;
            ExitCode::SUCCESS
        }
        Command::Export {
            office,
            year,
            to,
            files,
        } => {
            let done = crate::transfer::export(store, &office, year, &files, &to).await?;
            outln!(
                "Data {} ditulis ke {}: {} baris, {} berkas bukti. Berkas ini memuat hash kata sandi: simpan sebagai rahasia.",
                done.office,
                to.display(),
                done.rows,
                done.files
            );
            ExitCode::SUCCESS
        }
        Command::ImportOffice {
            file,
            files,
            without_users,
        } => {
            let done = crate::transfer::import(store, actor, &file, &files, !without_users).await?;
            for (table, added, kept) in done.tables.iter().filter(|t| t.1 + t.2 > 0) {
                outln!("{table}: {added} ditambahkan, {kept} sudah ada");
            }
            outln!(
                "Diimpor dari {}: {} baris ditambahkan, {} sudah ada.",
                file.display(),
                done.added(),
                done.kept()
            );
            ExitCode::SUCCESS
        }
        Command::Load { file } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let ds = dataset::parse(&file.display().to_string(), &text)?;
            let summary = store
                .apply_dataset(actor, &ds, &format!("kinerja load {}", file.display()))
                .await?;
            outln!("{}", serde_json::to_string_pretty(&summary)?);
            ExitCode::SUCCESS
        }
        // Served (and returned) above.
        Command::Serve { .. } => ExitCode::SUCCESS,
        Command::User { command } => {
            user_command(store, actor, command).await?;
            ExitCode::SUCCESS
        }
        Command::Lke { command } => crate::lke::run(store, actor, command, lang).await?,
        Command::Audit { office: key, limit } => {
            audit_command(store, &key, limit).await?;
            ExitCode::SUCCESS
        }
        // Handled above, before the database is opened.
        Command::Import { .. } => ExitCode::SUCCESS,
        Command::Bench {
            regencies,
            memory_only,
            runs,
            skip_write,
        } => {
            let store = if memory_only { None } else { Some(store) };
            bench::run(store, db_url, regencies, runs.max(1), skip_write).await?;
            ExitCode::SUCCESS
        }
    };
    Ok(code)
}

/// `kinerja doc` and `kinerja docs`: one document, or one kind for every office under one.
pub(crate) async fn documents_command(store: &dyn Store, command: Command) -> Result<()> {
    match command {
        Command::Doc {
            kind,
            office: key,
            unit,
            year,
            period,
            format,
            output,
            date,
        } => {
            let office = office(store, &key).await?;
            documents::one(
                store,
                &office,
                documents::DocArgs {
                    kind: &kind,
                    unit: unit.as_deref(),
                    year,
                    period: period.as_deref(),
                    format: &format,
                    output: output.as_deref(),
                    date: date.as_deref(),
                },
            )
            .await?;
        }
        Command::Docs {
            kind,
            under,
            unit,
            year,
            period,
            format,
            dir,
            date,
            jobs,
        } => {
            let top = office(store, &under).await?;
            let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2));
            documents::batch(
                store,
                &top,
                documents::BatchArgs {
                    kind: &kind,
                    unit: unit.as_deref(),
                    year,
                    period: period.as_deref(),
                    format: &format,
                    dir: &dir,
                    date: date.as_deref(),
                    jobs,
                },
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}

/// `kinerja import`: reads a file, says what it found, and writes it unless `--dry-run`.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn import_command(
    db_url: &str,
    file: &std::path::Path,
    office: Option<&str>,
    unit: Option<&str>,
    year: Option<Year>,
    dry_run: bool,
    json: bool,
    lang: Lang,
) -> Result<ExitCode> {
    // The office is looked up before the file is read (a scan takes minutes): a write needs it,
    // and its names tell a title naming it from one naming another office. A dry run only looks
    // at a database that is already there.
    let db = match office {
        Some(_) if !dry_run || existing_database(db_url) => Some(Db::open(db_url).await?),
        _ => None,
    };
    let found = match (&db, office) {
        (Some(db), Some(key)) if !dry_run => Some(crate::office(db.store(), key).await?),
        (Some(db), Some(key)) => db.store().find_office(key).await?,
        _ => None,
    };
    let office_names: Vec<String> = found
        .iter()
        .flat_map(|o| [o.name.clone(), o.full_name.clone()])
        .collect();
    let args = import::Args {
        file,
        office,
        office_names: &office_names,
        unit,
        year,
        json,
        lang,
    };
    let imported = import::read(&args)?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&import::to_json(&imported, lang))?);
    } else {
        out!("{}", import::summary(file, &imported, lang));
    }
    if dry_run {
        return Ok(ExitCode::SUCCESS);
    }
    let (Some(db), Some(office)) = (db, found) else {
        bail!("--office is needed to write an import (or run with --dry-run to only look)");
    };
    let store = db.store();
    let actor = Actor::new(format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into())
    ));
    let summary = import::apply(store, &actor, &office, &imported, &args).await?;
    eprintln!("{}", serde_json::to_string_pretty(&summary)?);
    Ok(ExitCode::SUCCESS)
}

/// Whether the database at `url` is there without creating it: a PostgreSQL server is, a SQLite
/// file only when it exists.
fn existing_database(url: &str) -> bool {
    match url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
        Some(path) => {
            let path = path.split('?').next().unwrap_or_default();
            !path.is_empty() && path != ":memory:" && std::path::Path::new(path).exists()
        }
        None => true,
    }
}

/// `kinerja check`: the plan checks of an office's year; exit code 1 when one is an error.
pub(crate) async fn check_command(
    store: &dyn Store,
    key: &str,
    year: Year,
    json: bool,
    lang: Lang,
) -> Result<ExitCode> {
    let office = office(store, key).await?;
    let plan = store.year_plan(office.id, year).await?;
    let (scales, _) = office_scale(store, &office).await?;
    let findings = check::check_plan(&plan, &scales);
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&report::findings_json(&findings, lang))?
        );
    } else {
        out!("{}", report::findings_text(&plan, &findings, lang));
    }
    Ok(if findings.iter().any(|f| f.severity == Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `kinerja audit`: an office's latest audit entries.
pub(crate) async fn audit_command(store: &dyn Store, key: &str, limit: i64) -> Result<()> {
    let office = office(store, key).await?;
    for e in store.audit_log(Some(office.id), limit.clamp(1, 10_000)).await? {
        outln!(
            "{} {} {} {} {}{}",
            e.at,
            e.actor,
            e.action,
            e.entity,
            e.entity_id.unwrap_or_default(),
            e.reason.map(|r| format!(" — {r}")).unwrap_or_default()
        );
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn print_achievement(
    store: &dyn Store,
    office_key: &str,
    unit: Option<&str>,
    year: Year,
    span: Span,
    basis: Basis,
    json: bool,
    lang: Lang,
) -> Result<()> {
    let office = office(store, office_key).await?;
    let plan: YearPlan = store.year_plan(office.id, year).await?;
    let only_unit = match unit {
        Some(name) => Some(
            plan.find_unit(name)
                .ok_or_else(|| {
                    let units: Vec<&str> = plan.units.iter().map(|u| u.code.as_str()).collect();
                    anyhow!(
                        "unit '{name}' not found in {}; units: {}",
                        office.name,
                        units.join(", ")
                    )
                })?
                .id,
        ),
        None => None,
    };
    let (_, scale) = office_scale(store, &office).await?;
    let result = achievement::office_achievement(&plan, span, basis, scale.as_ref(), only_unit);
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&report::achievement_json(&plan, &result, scale.as_ref(), lang))?
        );
    } else {
        if result.units.is_empty() {
            let what = unit
                .map(|u| format!("unit '{u}'"))
                .unwrap_or_else(|| office.name.clone());
            outln!("{what}: no measured indicators in {year} (no PK targets or realisations).");
            return Ok(());
        }
        out!("{}", report::achievement_text(&plan, &result, scale.as_ref(), lang));
    }
    Ok(())
}
