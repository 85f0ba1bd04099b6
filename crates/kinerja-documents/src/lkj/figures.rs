//! The LKj's tables and charts of figures: the comparison with last year and the Renstra, the recapitulation by category, the charts, the budget and its efficiency, the obstacles.

use super::*;

/// Against last year and the Renstra: per indicator, last year's realisation and achievement,
/// this year's, the Renstra's target for the year and its end target. What is missing is said
/// in the notes, once; when nothing at all can be compared, one sentence says so instead.
pub(crate) fn comparison_table(
    inputs: &Inputs,
    ua: &kinerja_domain::achievement::UnitAchievement,
    previous: Option<&Previous>,
    table_no: usize,
    unit: &kinerja_domain::model::Unit,
) -> Result<Table, String> {
    let plan = &inputs.plan;
    let year = plan.year;
    let last = year.get() - 1;
    let texts: Vec<&str> = ua
        .objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .filter_map(|ia| plan.indicators.iter().find(|i| i.id == ia.indicator))
        .map(|i| i.text.as_str())
        .collect();
    let any_last = previous.is_some_and(|p| texts.iter().any(|t| p.get(&unit.code, t).is_some()));
    let any_renstra = texts.iter().any(|t| draft::renstra_targets(inputs, t).is_some());
    if !any_last && !any_renstra {
        let last_year = match previous {
            None => format!("data tahun {last} belum ada di Kinerja"),
            Some(_) => format!(
                "indikator {} tidak diukur dengan rumusan yang sama pada tahun {last}",
                unit.name
            ),
        };
        let renstra = match &inputs.renstra {
            None => "Renstra kantor belum diisi".to_string(),
            Some(_) => "tidak ada indikator Renstra yang rumusannya sama dengan indikator ini".to_string(),
        };
        return Err(format!(
            "Perbandingan dengan tahun {last} dan target Renstra belum dapat disajikan: {last_year}, dan {renstra}."
        ));
    }
    let (renstra_year, renstra_end) = match &inputs.renstra {
        Some(r) => (
            format!("TARGET RENSTRA {year}"),
            format!("TARGET AKHIR RENSTRA ({})", r.to_year),
        ),
        None => (format!("TARGET RENSTRA {year}"), "TARGET AKHIR RENSTRA".to_string()),
    };
    let realised_last = format!("REALISASI {last}");
    let achieved_last = format!("CAPAIAN {last}");
    let realised_now = format!("REALISASI {year}");
    let achieved_now = format!("CAPAIAN {year}");
    let mut t = Table::new(
        format!(
            "Tabel {table_no}. Perbandingan dengan tahun {last} dan target Renstra — {}",
            unit.name
        ),
        vec![
            Column::cm(0.8, Align::Centre),
            Column::share(1.0, Align::Left),
            Column::cm(2.0, Align::Centre),
            Column::cm(1.8, Align::Centre),
            Column::cm(2.0, Align::Centre),
            Column::cm(1.8, Align::Centre),
            Column::cm(2.1, Align::Centre),
            Column::cm(2.4, Align::Centre),
        ],
    )
    .sheet(format!("T{table_no} Banding {}", unit.code))
    .simple_header(&[
        "NO",
        "INDIKATOR KINERJA",
        &realised_last,
        &achieved_last,
        &realised_now,
        &achieved_now,
        &renstra_year,
        &renstra_end,
    ]);
    let no_last_year = match previous {
        None => Some(t.note(format!(
            "Tahun {last} tidak memiliki data di Kinerja: perbandingan dengan tahun lalu belum dapat disajikan."
        ))),
        Some(_) => None,
    };
    let mut n = 0;
    for ia in ua.objectives.iter().flat_map(|o| &o.indicators) {
        let Some(i) = plan.indicators.iter().find(|i| i.id == ia.indicator) else {
            continue;
        };
        let (r0, p0) = last_year_cells(&mut t, previous, no_last_year, &unit.code, &i.text, last);
        let r1 = match (&ia.realisation, ia.realised_percent) {
            (Some(v), _) => Cell::new(Content::of_value(v)),
            (None, Some(p)) => percent_cell(Some(p)),
            _ => Cell::text("–"),
        };
        let p1 = percent_cell(ia.achievement.as_ref().ok().copied());
        let (ty, te) = renstra_cells(&mut t, inputs, &i.text);
        t.rows
            .push(vec![no(n), Cell::text(i.text.clone()), r0, p0, r1, p1, ty, te]);
        n += 1;
    }
    Ok(t)
}

/// "–", with a note's mark when there is one.
pub(crate) fn dash(note: Option<u16>) -> Cell {
    match note {
        Some(k) => Cell::text("–").noted(k),
        None => Cell::text("–"),
    }
}

/// Last year's realisation and achievement of the indicator of the same wording, or dashes and
/// the note that says why.
pub(crate) fn last_year_cells(
    t: &mut Table,
    previous: Option<&Previous>,
    no_last_year: Option<u16>,
    unit_code: &str,
    text: &str,
    last: i32,
) -> (Cell, Cell) {
    match (previous, no_last_year) {
        (_, Some(k)) => (dash(Some(k)), dash(None)),
        (Some(prev), None) => match prev.get(unit_code, text) {
            Some(a) => (
                a.realisation
                    .as_ref()
                    .map(|v| Cell::new(Content::of_value(v)))
                    .unwrap_or_else(|| Cell::text("–")),
                percent_cell(a.achievement.as_ref().ok().copied()),
            ),
            None => {
                let k = t.note(format!(
                    "Indikator tanpa rumusan yang sama pada tahun {last} (indikator baru atau diubah)."
                ));
                (dash(Some(k)), dash(None))
            }
        },
        (None, None) => (dash(None), dash(None)),
    }
}

/// The Renstra's target for the year and its end target, or dashes and the note that says why.
pub(crate) fn renstra_cells(t: &mut Table, inputs: &Inputs, text: &str) -> (Cell, Cell) {
    match draft::renstra_targets(inputs, text) {
        Some(r) => (
            r.this_year.map(Cell::text).unwrap_or_else(|| Cell::text("–")),
            r.end.map(|(_, v)| Cell::text(v)).unwrap_or_else(|| Cell::text("–")),
        ),
        None => {
            let k = t.note(if inputs.renstra.is_some() {
                "Tidak ada indikator Renstra dengan rumusan yang sama.".to_string()
            } else {
                "Renstra kantor belum diisi di Kinerja.".to_string()
            });
            (dash(Some(k)), dash(None))
        }
    }
}

pub(crate) fn category(inputs: &Inputs, p: Option<Decimal>) -> Cell {
    match p.and_then(|p| inputs.scale.as_ref().and_then(|s| s.categorise(p))) {
        Some(b) => Cell::text(b.label.clone()),
        None => Cell::new(Content::Empty),
    }
}

pub(crate) fn money_or_dash(any: bool, amount: Decimal) -> Cell {
    if any {
        Cell::new(Content::Money(amount))
    } else {
        Cell::text("-")
    }
}

pub(crate) fn percent_cell(p: Option<Decimal>) -> Cell {
    match p {
        Some(p) => Cell::new(Content::Percent(format::round_half_up(p, 2))),
        None => Cell::text("-"),
    }
}

pub(crate) fn recap_table(inputs: &Inputs, result: &OfficeAchievement, table_no: usize) -> Table {
    let plan = &inputs.plan;
    let mut t = Table::new(
        format!("Tabel {table_no}. Rekapitulasi capaian per sasaran dan unit kerja"),
        vec![
            Column::share(0.8, Align::Left),
            Column::share(1.4, Align::Left),
            Column::cm(2.2, Align::Centre),
            Column::cm(2.4, Align::Centre),
        ],
    )
    .sheet(format!("T{table_no} Rekapitulasi"))
    .simple_header(&["UNIT KERJA", "SASARAN", "CAPAIAN", "KATEGORI"]);
    for ua in &result.units {
        let start = t.rows.len();
        for oa in &ua.objectives {
            let text = plan
                .objectives
                .iter()
                .find(|o| o.id == oa.objective)
                .map(|o| o.text.clone())
                .unwrap_or_default();
            t.push_after(
                1,
                vec![
                    Cell::text(text),
                    percent_cell(oa.rolled.achievement),
                    category(inputs, oa.rolled.achievement),
                ],
            );
        }
        t.push_after(
            1,
            vec![
                Cell::text("Capaian unit kerja").bold(),
                percent_cell(ua.rolled.achievement).bold(),
                category(inputs, ua.rolled.achievement),
            ],
        );
        let name = plan.unit(ua.unit).map(|u| u.name.clone()).unwrap_or_default();
        t.span_from(start, 0, Cell::text(name));
    }
    let mut label = Cell::text(format!("CAPAIAN {}", plan.office.name.to_uppercase()))
        .bold()
        .align(Align::Right);
    label.colspan = 2;
    t.rows.push(vec![
        label,
        Cell::covered(),
        percent_cell(result.rolled.achievement).bold(),
        category(inputs, result.rolled.achievement),
    ]);
    t
}

pub(crate) fn band_colour(inputs: &Inputs, p: Option<Decimal>) -> String {
    let band = p.and_then(|p| inputs.scale.as_ref().and_then(|s| s.categorise(p)));
    charts::traffic_colour(band.and_then(|b| b.colour.as_deref())).to_string()
}

pub(crate) fn charts_part(doc: &mut Document, inputs: &Inputs, result: &OfficeAchievement) {
    let plan = &inputs.plan;
    let bars: Vec<charts::Bar> = result
        .units
        .iter()
        .map(|u| charts::Bar {
            label: plan.unit(u.unit).map(|x| x.name.clone()).unwrap_or_default(),
            value: u.rolled.achievement,
            colour: band_colour(inputs, u.rolled.achievement),
        })
        .collect();
    if bars.is_empty() {
        return;
    }
    let title = "Grafik capaian kinerja per unit kerja";
    let mut data = Table::new(
        title,
        vec![Column::share(1.0, Align::Left), Column::cm(3.0, Align::Centre)],
    )
    .sheet("Grafik capaian per unit")
    .simple_header(&["UNIT KERJA", "CAPAIAN"]);
    for b in &bars {
        data.rows.push(vec![Cell::text(b.label.clone()), percent_cell(b.value)]);
    }
    doc.push(Block::Chart {
        svg: charts::bars(title, &bars, Decimal::from(150)),
        data,
    });
    if let Some(scale) = &inputs.scale {
        // The office's own PK (its top unit's), each indicator once: a unit's indicators that
        // feed the office's are not counted a second time beside them.
        let measured: Vec<_> = result
            .units
            .iter()
            .filter(|u| result.own_unit.is_none() || Some(u.unit) == result.own_unit)
            .flat_map(|u| &u.objectives)
            .flat_map(|o| &o.indicators)
            .collect();
        let shares: Vec<charts::Share> = scale
            .bands
            .iter()
            .rev()
            .map(|b| charts::Share {
                label: b.label.clone(),
                count: measured
                    .iter()
                    .filter(|a| a.achievement.as_ref().is_ok_and(|p| scale.categorise(*p) == Some(b)))
                    .count(),
                colour: charts::traffic_colour(b.colour.as_deref()).into(),
            })
            .collect();
        let title = "Grafik jumlah indikator Perjanjian Kinerja kantor per kategori capaian";
        let mut data = Table::new(
            title,
            vec![Column::share(1.0, Align::Left), Column::cm(3.0, Align::Centre)],
        )
        .sheet("Grafik indikator per kategori")
        .simple_header(&["KATEGORI", "JUMLAH INDIKATOR"]);
        for s in &shares {
            data.rows.push(vec![
                Cell::text(s.label.clone()),
                Cell::new(Content::Number(Decimal::from(s.count as u64), 0)),
            ]);
        }
        doc.push(Block::Chart {
            svg: charts::shares(title, &shares),
            data,
        });
    }
}

/// The budget: per budgeted unit its lines (ceiling, realised, absorption), each line's
/// achievement from the indicators it funds and its efficiency; the office's total counted once
/// ([`office_budget`], the RKT's sum). How each line's achievement was found is a note.
pub(crate) fn budget_part(doc: &mut Document, inputs: &Inputs, result: &OfficeAchievement, table_no: usize) {
    let plan = &inputs.plan;
    let budget = office_budget(plan);
    if budget.units.is_empty() {
        let gap = "Anggaran (pagu per program/kegiatan)".to_string();
        doc.gaps.push(gap.clone());
        doc.push(Block::Narrative {
            text: None,
            what: gap,
            draft: false,
        });
        return;
    }
    doc.push(Block::Paragraph(
        "Serapan (penyerapan anggaran) = Realisasi ÷ Pagu × 100%. Capaian kinerja sebuah program/kegiatan \
         adalah rata-rata capaian indikator yang didanainya. Efisiensi = Capaian Kinerja ÷ Serapan × 100% \
         (di atas 100% berarti capaian kinerja lebih tinggi dari anggaran yang diserap)."
            .into(),
    ));
    let mut t = Table::new(
        format!("Tabel {table_no}. Realisasi anggaran dan efisiensi per program/kegiatan"),
        vec![
            Column::cm(0.8, Align::Centre),
            Column::share(1.0, Align::Left),
            Column::cm(3.1, Align::Right),
            Column::cm(3.1, Align::Right),
            Column::cm(1.8, Align::Centre),
            Column::cm(2.0, Align::Centre),
            Column::cm(2.2, Align::Centre),
        ],
    )
    .sheet(format!("T{table_no} Anggaran"))
    .simple_header(&[
        "NO",
        "PROGRAM / KEGIATAN",
        "PAGU",
        "REALISASI",
        "SERAPAN",
        "CAPAIAN KINERJA",
        "EFISIENSI",
    ]);
    let width = t.columns.len();
    let mut pairs = vec![];
    let mut n = 0;
    for ub in &budget.units {
        let unit = ub.unit;
        // The unit as a row of its own over its lines: its name never squeezed into a column.
        let mut name = Cell::text(unit.name.clone()).bold();
        name.colspan = u16::try_from(width).unwrap_or(1);
        if !ub.counts {
            // One note for every such unit: the mark beside each says which.
            let k = t.note(
                "Anggaran unit kerja ini termasuk dalam anggaran unit kerja di atasnya dan tidak dihitung lagi dalam jumlah kantor."
                    .to_string(),
            );
            name = name.noted(k);
        }
        let mut row = vec![name];
        row.extend((1..width).map(|_| Cell::covered()));
        t.rows.push(row);
        for b in &ub.lines {
            let absorbed = b
                .realised
                .and_then(|r| kinerja_domain::achievement::percent_of(r, b.ceiling));
            let (achievement, basis) = line_achievement(plan, b, result);
            let note = t.note(line_note(plan, b, unit, basis));
            let realised = match b.realised {
                Some(r) => Cell::new(Content::Money(r)),
                None => doc.gap(format!("Realisasi anggaran: {} ({})", b.name, unit.name)),
            };
            t.rows.push(vec![
                no(n),
                Cell::text(b.name.clone()),
                Cell::new(Content::Money(b.ceiling)),
                realised,
                percent_cell(absorbed),
                percent_cell(achievement).noted(note),
                percent_cell(efficiency(achievement, absorbed)),
            ]);
            n += 1;
            pairs.push(charts::Pair {
                label: format!("{} ({})", b.name, unit.name),
                absorbed,
                achieved: achievement,
            });
        }
        t.rows.push(vec![
            Cell::new(Content::Empty),
            Cell::text("Jumlah").bold().align(Align::Right),
            Cell::new(Content::Money(ub.ceiling)).bold(),
            money_or_dash(ub.realised.is_some(), ub.realised.unwrap_or_default()).bold(),
            percent_cell(ub.absorbed()).bold(),
            Cell::new(Content::Empty),
            Cell::new(Content::Empty),
        ]);
    }
    let mut label = Cell::text("JUMLAH ANGGARAN KANTOR").bold().align(Align::Right);
    label.colspan = 2;
    t.rows.push(vec![
        label,
        Cell::covered(),
        Cell::new(Content::Money(budget.ceiling)).bold(),
        money_or_dash(budget.realised.is_some(), budget.realised.unwrap_or_default()).bold(),
        percent_cell(budget.absorbed()).bold(),
        percent_cell(result.rolled.achievement).bold(),
        percent_cell(efficiency(result.rolled.achievement, budget.absorbed())).bold(),
    ]);
    doc.push(Block::Table(t));
    absorption_chart(doc, &pairs);
}

/// How a budget line's achievement was measured, as the note beside it says.
pub(crate) fn line_note(
    plan: &kinerja_domain::model::YearPlan,
    b: &kinerja_domain::model::BudgetLine,
    unit: &Unit,
    basis: LineBasis,
) -> String {
    match basis {
        LineBasis::Linked { counted, linked } => {
            let names: Vec<String> = b
                .indicators
                .iter()
                .filter_map(|id| plan.indicators.iter().find(|i| i.id == *id))
                .map(|i| format!("\u{201c}{}\u{201d}", i.text))
                .collect();
            format!(
                "{}: rata-rata capaian {counted} dari {linked} indikator yang didanainya ({}).",
                b.name,
                names.join("; ")
            )
        }
        LineBasis::WholeUnit => format!(
            "Satu-satunya anggaran {}: capaiannya adalah capaian unit kerja itu.",
            unit.name
        ),
        LineBasis::Unlinked => "Program/kegiatan yang belum ditautkan ke indikator yang didanainya (halaman Rencana, \
             bagian Anggaran): capaian dan efisiensinya belum dapat dihitung."
            .to_string(),
    }
}

/// Absorption beside achievement, per programme or activity, with its data table.
pub(crate) fn absorption_chart(doc: &mut Document, pairs: &[charts::Pair]) {
    let title = "Grafik penyerapan anggaran dan capaian kinerja";
    let mut data = Table::new(
        title,
        vec![
            Column::share(1.0, Align::Left),
            Column::cm(3.0, Align::Centre),
            Column::cm(3.0, Align::Centre),
        ],
    )
    .sheet("Grafik anggaran")
    .simple_header(&["PROGRAM / KEGIATAN", "PENYERAPAN", "CAPAIAN"]);
    for p in pairs {
        data.rows.push(vec![
            Cell::text(p.label.clone()),
            percent_cell(p.absorbed),
            percent_cell(p.achieved),
        ]);
    }
    doc.push(Block::Chart {
        svg: charts::absorption(title, pairs, "Penyerapan anggaran", "Capaian kinerja"),
        data,
    });
}

/// Obstacles and follow-up the units wrote with their realisations in the year.
pub(crate) fn obstacles_table(inputs: &Inputs) -> Option<Table> {
    let plan = &inputs.plan;
    let mut t = Table::new(
        "Kendala dan tindak lanjut yang dilaporkan",
        vec![
            Column::cm(0.8, Align::Centre),
            Column::share(1.0, Align::Left),
            Column::cm(2.2, Align::Centre),
            Column::share(1.0, Align::Left),
            Column::share(1.0, Align::Left),
        ],
    )
    .simple_header(&["NO", "INDIKATOR KINERJA", "PERIODE", "KENDALA", "TINDAK LANJUT"]);
    let mut rows: Vec<_> = plan
        .realisations
        .iter()
        .filter(|r| r.obstacles.is_some() || r.follow_up.is_some())
        .collect();
    rows.sort_by_key(|r| (r.indicator, r.period.end_month()));
    for r in rows {
        let Some(i) = plan.indicators.iter().find(|i| i.id == r.indicator) else {
            continue;
        };
        let n = t.rows.len();
        t.rows.push(vec![
            no(n),
            Cell::text(i.text.clone()),
            Cell::text(r.period.label(Lang::Id)),
            Cell::text(r.obstacles.clone().unwrap_or_else(|| "-".into())),
            Cell::text(r.follow_up.clone().unwrap_or_else(|| "-".into())),
        ]);
    }
    (!t.rows.is_empty()).then_some(t)
}
