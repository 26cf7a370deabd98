use crate::{actor, audit_count, demo_apps};
use grenzeloos_domain::access::Role;

fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

#[tokio::test]
async fn the_demo_reproduces_the_seed_table_of_24_november_2023() {
    for (backend, app) in demo_apps().await {
        let overview = app
            .deployment_overview(&actor(Role::Policy), date("2023-11-24"), None)
            .await
            .unwrap();
        assert_eq!(overview.total, 28, "{backend}");
        assert_eq!(overview.missions.len(), 11, "{backend}");
        let expected = [
            ("OVSE West-Balkan", "Noord-Macedonië", 1),
            ("EULEX Kosovo", "Kosovo", 4),
            ("EUMM Georgië", "Georgië", 3),
            ("EUMA Armenië", "Armenië", 3),
            ("EUCAP Somalië", "Somalië", 5),
            ("EUCAP SAHEL Mali", "Mali", 1),
            ("EUAM Oekraïne", "Oekraïne", 2),
            ("EUBAM Libië", "Tunesië", 1),
            (
                "EUPOL COPPS",
                "Palestijnse gebieden, Westelijke Jordaanoever",
                3,
            ),
            ("EUAM Irak", "Irak", 4),
            ("USSC", "Palestijnse gebieden, Westelijke Jordaanoever", 1),
        ];
        for (mission, station, officers) in expected {
            let row = overview
                .missions
                .iter()
                .find(|m| m.mission == mission)
                .unwrap_or_else(|| panic!("{backend}: {mission} missing"));
            assert_eq!(
                (row.station.as_str(), row.officers),
                (station, officers),
                "{backend}: {mission}"
            );
        }
        let libya = overview
            .missions
            .iter()
            .find(|m| m.mission == "EUBAM Libië")
            .unwrap();
        assert_eq!(libya.country, "Libië");
    }
}

#[tokio::test]
async fn the_demo_reproduces_the_seed_table_of_17_april_2024() {
    for (backend, app) in demo_apps().await {
        let overview = app
            .deployment_overview(&actor(Role::Policy), date("2024-04-17"), None)
            .await
            .unwrap();
        assert_eq!(
            (overview.missions.len(), overview.total),
            (12, 26),
            "{backend}"
        );
        let expected = [
            ("OVSE West-Balkan", "Noord-Macedonië", 1),
            ("EULEX Kosovo", "Kosovo", 3),
            ("EUMM Georgië", "Georgië", 3),
            ("EUMA Armenië", "Armenië", 3),
            ("EUCAP Somalië", "Somalië", 5),
            ("EUBAM Moldavië-Oekraïne", "Moldavië en Oekraïne", 1),
            ("EUCAP SAHEL Mali", "Mali", 1),
            ("EUAM Oekraïne", "Oekraïne", 2),
            ("EUBAM Libië", "Libië", 1),
            ("EUPOL COPPS", "Palestijnse gebieden", 2),
            ("EUAM Irak", "Irak", 3),
            ("USSC", "Palestijnse gebieden", 1),
        ];
        for (mission, country, officers) in expected {
            let row = overview
                .missions
                .iter()
                .find(|m| m.mission == mission)
                .unwrap_or_else(|| panic!("{backend}: {mission} missing"));
            assert_eq!(
                (row.country.as_str(), row.officers),
                (country, officers),
                "{backend}: {mission}"
            );
        }
    }
}

#[tokio::test]
async fn the_json_shape_is_the_documented_one() {
    for (backend, app) in demo_apps().await {
        let overview = app
            .deployment_overview(&actor(Role::Policy), date("2023-11-24"), None)
            .await
            .unwrap();
        let json = serde_json::to_value(&overview).unwrap();
        assert_eq!(json["as_of"], "2023-11-24", "{backend}");
        assert_eq!(json["total"], 28);
        let kosovo = json["missions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["mission"] == "EULEX Kosovo")
            .unwrap();
        assert_eq!(
            kosovo,
            &serde_json::json!({"mission": "EULEX Kosovo", "country": "Kosovo", "station": "Kosovo", "officers": 4})
        );
        assert!(json.get("as_recorded_at").is_none());
    }
}

#[tokio::test]
async fn the_demo_holds_the_specialised_team_and_a_gender_mix() {
    for (backend, app) in demo_apps().await {
        let teams = app.teams(&actor(Role::Policy)).await.unwrap();
        assert_eq!(teams.len(), 1, "{backend}");
        let numbers: Vec<(String, u32)> = teams[0]
            .team
            .contributions
            .iter()
            .map(|c| (c.partner.clone(), c.officers))
            .collect();
        assert_eq!(numbers, vec![("NL".to_string(), 3), ("SE".to_string(), 3)]);
        let purpose = grenzeloos_domain::access::Purpose::parse(Some("demo check")).unwrap();
        let officers = app
            .officers(&actor(Role::Deployment), &purpose)
            .await
            .unwrap();
        let women = officers
            .iter()
            .filter(|o| o.officer.gender == grenzeloos_domain::registry::Gender::Female)
            .count();
        assert!(
            women * 100 / officers.len() >= 35 && women * 100 / officers.len() <= 55,
            "{backend}: {women} of {}",
            officers.len()
        );
        assert!(
            officers
                .iter()
                .all(|o| o.officer.personnel_number.starts_with("DEMO-"))
        );
    }
}

#[tokio::test]
async fn loading_the_demo_twice_changes_nothing() {
    for (backend, app) in demo_apps().await {
        let events = audit_count(&app).await;
        assert!(!app.load_demo().await.unwrap(), "{backend}");
        assert_eq!(audit_count(&app).await, events, "{backend}");
        let overview = app
            .deployment_overview(&actor(Role::Policy), date("2023-11-24"), None)
            .await
            .unwrap();
        assert_eq!(overview.total, 28);
    }
}
