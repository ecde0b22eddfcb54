use axum::{Router, http::StatusCode};
use serde_json::Value;
use service_kit::testing;
use sqlx::PgPool;

async fn app_with_demo_data(pool: PgPool) -> Router {
    movie_service::demo::seed(&pool).await.unwrap();
    crate::app(pool)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    testing::get_json(app, uri).await
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn lists_the_seeded_movies_with_the_original_fields(pool: PgPool) {
    let app = app_with_demo_data(pool).await;
    let (status, movies) = get(&app, "/movies").await;
    assert_eq!(status, StatusCode::OK);
    let movies = movies.as_array().unwrap();
    assert_eq!(movies.len(), 12);
    let first = &movies[0];
    for field in [
        "id",
        "title",
        "description",
        "duration_minutes",
        "genre",
        "language",
        "rating",
        "release_date",
        "poster_url",
        "director",
        "is_active",
    ] {
        assert!(first.get(field).is_some(), "missing {field} in {first}");
    }
    assert!(first["genre"].as_str().unwrap().len() > 2);
    assert_eq!(first["is_active"], true);
    assert!(
        first["poster_url"]
            .as_str()
            .unwrap()
            .starts_with("/posters/")
    );
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn seeding_twice_adds_nothing(pool: PgPool) {
    movie_service::demo::seed(&pool).await.unwrap();
    movie_service::demo::seed(&pool).await.unwrap();
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM movies")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 12);
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn filters_by_status_search_and_genre(pool: PgPool) {
    let app = app_with_demo_data(pool).await;

    let (_, coming) = get(&app, "/movies?status=coming_soon").await;
    let coming = coming.as_array().unwrap();
    assert!(!coming.is_empty());
    assert!(coming.iter().all(|movie| movie["status"] == "coming_soon"));

    let (_, found) = get(&app, "/movies?q=lantern").await;
    let titles: Vec<_> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["title"].clone())
        .collect();
    assert_eq!(titles, ["Paper Lanterns"]);

    let (_, animated) = get(&app, "/movies?genre=animation").await;
    assert_eq!(animated.as_array().unwrap().len(), 1);

    // A search for a wildcard matches only a literal percent sign.
    let (_, none) = get(&app, "/movies?q=%25").await;
    assert!(none.as_array().unwrap().is_empty());
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn archived_movies_are_hidden_unless_asked_for(pool: PgPool) {
    let app = app_with_demo_data(pool.clone()).await;
    sqlx::query("UPDATE movies SET status = 'archived' WHERE slug = 'noodle-kings'")
        .execute(&pool)
        .await
        .unwrap();
    let (_, movies) = get(&app, "/movies").await;
    assert_eq!(movies.as_array().unwrap().len(), 11);
    let (_, archived) = get(&app, "/movies?status=archived").await;
    assert_eq!(archived[0]["title"], "Noodle Kings");
    assert_eq!(archived[0]["is_active"], false);
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn bad_filters_are_422s_that_say_what_is_wrong(pool: PgPool) {
    let app = app_with_demo_data(pool).await;
    let (status, body) = get(&app, "/movies?status=showing_yesterday").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["detail"].as_str().unwrap().contains("status"),
        "{body}"
    );

    let (status, body) = get(&app, "/movies?limit=0").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["detail"].as_str().unwrap().contains("limit"));
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn one_movie_by_id_and_404s_for_unknown_or_malformed_ids(pool: PgPool) {
    let app = app_with_demo_data(pool).await;
    let (_, movies) = get(&app, "/movies").await;
    let id = movies[0]["id"].as_str().unwrap();

    let (status, movie) = get(&app, &format!("/movies/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(movie["id"], id);

    let (status, body) = get(&app, &format!("/movies/{}", uuid::Uuid::new_v4())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["detail"], "Movie not found");

    let (status, _) = get(&app, "/movies/42").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn health_reports_the_database_redis_and_the_broker(pool: PgPool) {
    testing::assert_healthy_with(
        &movie_service::spec(),
        pool,
        &["database", "rabbitmq", "redis"],
    )
    .await;
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn a_coming_soon_film_opens_on_its_release_day(pool: PgPool) {
    movie_service::demo::seed(&pool).await.unwrap();
    let slugs = |status: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT slug FROM movies WHERE status = $1 ORDER BY slug",
            )
            .bind(status)
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    let coming = slugs("coming_soon").await;
    assert!(!coming.is_empty());
    sqlx::query("UPDATE movies SET release_date = current_date WHERE slug = $1")
        .bind(&coming[0])
        .execute(&pool)
        .await
        .unwrap();
    let opened = movie_service::housekeeping::open_released_films(&pool)
        .await
        .unwrap();
    assert_eq!(opened, 1);
    assert!(slugs("now_showing").await.contains(&coming[0]));
    assert!(!slugs("coming_soon").await.contains(&coming[0]));
}

#[sqlx::test(migrator = "movie_service::MIGRATOR")]
async fn genres_are_those_of_the_films_on_offer(pool: PgPool) {
    let app = app_with_demo_data(pool.clone()).await;
    let (status, genres) = get(&app, "/genres").await;
    assert_eq!(status, StatusCode::OK);
    let genres: Vec<&str> = genres
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    assert!(
        genres.contains(&"Drama") && genres.contains(&"Sci-Fi"),
        "{genres:?}"
    );
    let mut sorted = genres.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(genres, sorted, "sorted, each once");
}
