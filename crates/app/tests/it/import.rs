use crate::{actor, audit_count, demo_apps};
use grenzeloos_app::AppError;
use grenzeloos_app::import::ImportKind;
use grenzeloos_domain::access::{Purpose, Role};

const HEADER: &str = "mission,personnel_number,given_name,family_name,gender,rank,unit,function,start,end,status,consent_date";

#[tokio::test]
async fn a_clean_file_imports_and_a_dry_run_writes_nothing() {
    for (backend, app) in demo_apps().await {
        let staff = actor(Role::Deployment);
        let csv = format!(
            "{HEADER}\nEULEX Kosovo,IMP-1,Mila,Jacobs,female,inspecteur,,Adviseur,2026-01-01,2026-12-31,deployed,2025-11-01\nEUAM Iraq,IMP-2,Ben,Claes,male,,,Adviseur,2026-02-01,,planned,\n"
        );
        let events = audit_count(&app).await;
        let dry = app
            .import(&staff, ImportKind::Deployments, &csv, true)
            .await
            .unwrap();
        assert_eq!(
            (dry.rows, dry.officers_created, dry.deployments_created),
            (2, 2, 2),
            "{backend}"
        );
        assert_eq!(
            audit_count(&app).await,
            events,
            "{backend}: the dry run wrote"
        );
        let real = app
            .import(&staff, ImportKind::Deployments, &csv, false)
            .await
            .unwrap();
        assert_eq!(real.deployments_created, 2);
        let purpose = Purpose::parse(Some("import check")).unwrap();
        let officers = app.officers(&staff, &purpose).await.unwrap();
        assert!(
            officers
                .iter()
                .any(|o| o.officer.personnel_number == "IMP-2"),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_file_with_errors_names_each_line_and_field_and_imports_nothing() {
    for (backend, app) in demo_apps().await {
        let staff = actor(Role::Deployment);
        let csv = format!(
            "{HEADER}\nEULEX Kosovo,IMP-3,Mila,Jacobs,female,,,Adviseur,2026-01-01,2026-12-31,planned,\nAtlantis,IMP-4,Ben,Claes,male,,,Adviseur,2026-01-01,,planned,\nEULEX Kosovo,IMP-5,Jan,Smit,male,,,Adviseur,2026-01-01,2026-12-31,deployed,\nEULEX Kosovo,IMP-6,Jan,Smit,male,,,Adviseur,2026-13-01,,planned,\n"
        );
        let events = audit_count(&app).await;
        let errors = match app
            .import(&staff, ImportKind::Deployments, &csv, false)
            .await
        {
            Err(AppError::Import(errors)) => errors.errors,
            other => panic!("{backend}: {other:?}"),
        };
        let found: Vec<(u64, Option<&str>)> = errors
            .iter()
            .map(|e| (e.line, e.field.as_deref()))
            .collect();
        assert_eq!(
            found,
            vec![
                (3, Some("mission")),
                (4, Some("consent_date")),
                (5, Some("start"))
            ],
            "{backend}"
        );
        assert_eq!(audit_count(&app).await, events, "{backend}");
        let purpose = Purpose::parse(Some("import check")).unwrap();
        let officers = app.officers(&staff, &purpose).await.unwrap();
        assert!(
            !officers
                .iter()
                .any(|o| o.officer.personnel_number == "IMP-3"),
            "{backend}: half an import was kept"
        );
    }
}

#[tokio::test]
async fn malformed_csv_is_refused_with_the_line() {
    for (backend, app) in demo_apps().await {
        let staff = actor(Role::Deployment);
        let ragged = format!("{HEADER}\nEULEX Kosovo,IMP-7\n");
        match app
            .import(&staff, ImportKind::Deployments, &ragged, true)
            .await
        {
            Err(AppError::Import(errors)) => assert_eq!(errors.errors[0].line, 2, "{backend}"),
            other => panic!("{backend}: {other:?}"),
        }
        match app
            .import(
                &staff,
                ImportKind::Deployments,
                "mission,function\nx,y\n",
                true,
            )
            .await
        {
            Err(AppError::Import(errors)) => {
                assert_eq!(errors.errors[0].line, 1);
                assert_eq!(errors.errors[0].field.as_deref(), Some("personnel_number"));
            }
            other => panic!("{backend}: {other:?}"),
        }
        let quote = format!("{HEADER}\n\"EULEX Kosovo,IMP-8\n");
        assert!(
            matches!(
                app.import(&staff, ImportKind::Deployments, &quote, true)
                    .await,
                Err(AppError::Import(_))
            ),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn missions_import_too() {
    for (backend, app) in demo_apps().await {
        let policy = actor(Role::Policy);
        let csv = "name,acronym,mandated_by,start,end,countries,station\nEUPM Test,,EU,2025-01-01,,BA,Sarajevo\nEULEX Kosovo,,EU,2008-01-01,,XK,Kosovo\n";
        match app.import(&policy, ImportKind::Missions, csv, false).await {
            Err(AppError::Import(errors)) => assert_eq!(
                (errors.errors[0].line, errors.errors[0].field.as_deref()),
                (3, Some("name")),
                "{backend}"
            ),
            other => panic!("{backend}: {other:?}"),
        }
        let ok = "name,acronym,mandated_by,start,end,countries,station\nEUPM Test,,EU,2025-01-01,,BA,Sarajevo\n";
        assert_eq!(
            app.import(&policy, ImportKind::Missions, ok, false)
                .await
                .unwrap()
                .missions_created,
            1
        );
    }
}

/// Issue 13: the import names every problem of a line, not only the first.
#[tokio::test]
async fn every_problem_of_a_line_is_reported() {
    for (backend, app) in demo_apps().await {
        let staff = actor(Role::Deployment);
        // Line 2 breaks two rules of the deployment (read before the database is asked), line 3
        // two of the officer (read while importing).
        let csv = format!(
            "{HEADER}\nEULEX Kosovo,IMP-8,Mila,Jacobs,female,,,Adviseur,2026-02-30,2026-12-31,sometimes,\nEULEX Kosovo,IMP-9,,Jacobs,unknown,,,Adviseur,2026-02-01,2026-12-31,planned,\n"
        );
        let Err(AppError::Import(errors)) = app
            .import(&staff, ImportKind::Deployments, &csv, true)
            .await
        else {
            panic!("{backend}: the file was accepted");
        };
        let fields: Vec<_> = errors
            .errors
            .iter()
            .map(|e| (e.line, e.field.clone().unwrap_or_default()))
            .collect();
        for (line, field) in [
            (2, "start"),
            (2, "status"),
            (3, "given_name"),
            (3, "gender"),
        ] {
            assert!(
                fields.contains(&(line, field.to_string())),
                "{backend}: no problem reported for {field} on line {line}: {fields:?}"
            );
        }
        assert_eq!(errors.total, errors.errors.len(), "{backend}");
    }
}
