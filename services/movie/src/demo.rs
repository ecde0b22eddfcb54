//! Demo catalog for local runs and end-to-end tests: fictional films with release dates relative
//! to today, so the site always has something "now showing" and "coming soon". Loading is
//! idempotent (keyed on the slug) and never overwrites edits made since.

use chrono::{Days, Utc};
use sqlx::PgPool;

struct DemoMovie {
    slug: &'static str,
    title: &'static str,
    description: &'static str,
    duration_minutes: i32,
    genres: &'static [&'static str],
    language: &'static str,
    age_rating: &'static str,
    rating: f64,
    /// Days from today: negative for films already out.
    released_in_days: i64,
    director: &'static str,
    cast: &'static [&'static str],
    /// The Vietnamese title and description.
    vietnamese: (&'static str, &'static str),
}

const MOVIES: &[DemoMovie] = &[
    DemoMovie {
        slug: "the-last-monsoon",
        title: "The Last Monsoon",
        description: "A river pilot races the final storm of the season to bring a village's children home from the city.",
        duration_minutes: 128,
        genres: &["Drama", "Adventure"],
        language: "Vietnamese",
        age_rating: "T13",
        rating: 8.4,
        released_in_days: -12,
        director: "Linh Tran",
        cast: &["Mai Phuong", "Bao Nguyen", "Thu Ha"],
        vietnamese: (
            "Cơn Mưa Cuối Mùa",
            "Một người lái đò chạy đua với cơn bão cuối mùa để đưa lũ trẻ của làng từ thành phố trở về nhà.",
        ),
    },
    DemoMovie {
        slug: "orbital-drift",
        title: "Orbital Drift",
        description: "Stranded on a failing station, two engineers must decide who gets the last seat home.",
        duration_minutes: 141,
        genres: &["Sci-Fi", "Thriller"],
        language: "English",
        age_rating: "T16",
        rating: 8.1,
        released_in_days: -20,
        director: "Ava Morgan",
        cast: &["Rhea Cole", "Jonah Vance"],
        vietnamese: (
            "Trôi Dạt Quỹ Đạo",
            "Mắc kẹt trên một trạm vũ trụ đang hỏng dần, hai kỹ sư phải quyết định ai được ngồi chỗ cuối cùng để về nhà.",
        ),
    },
    DemoMovie {
        slug: "noodle-kings",
        title: "Noodle Kings",
        description: "Rival street-food families are forced to share one tiny kitchen for a televised cook-off.",
        duration_minutes: 104,
        genres: &["Comedy", "Family"],
        language: "Vietnamese",
        age_rating: "P",
        rating: 7.6,
        released_in_days: -5,
        director: "Quang Le",
        cast: &["Duc Anh", "Hoa Minh", "Tuan Kiet"],
        vietnamese: (
            "Vua Mì",
            "Hai gia đình bán hàng rong kình địch buộc phải dùng chung một căn bếp nhỏ xíu trong một cuộc thi nấu ăn trên truyền hình.",
        ),
    },
    DemoMovie {
        slug: "midnight-ledger",
        title: "Midnight Ledger",
        description: "An auditor finds one line in a bank's books that someone is willing to kill to keep hidden.",
        duration_minutes: 117,
        genres: &["Crime", "Thriller"],
        language: "English",
        age_rating: "T18",
        rating: 7.9,
        released_in_days: -9,
        director: "Samuel Okafor",
        cast: &["Nina Hart", "Marcus Bell"],
        vietnamese: (
            "Sổ Cái Nửa Đêm",
            "Một kiểm toán viên phát hiện một dòng trong sổ sách ngân hàng mà có kẻ sẵn sàng giết người để che giấu.",
        ),
    },
    DemoMovie {
        slug: "paper-lanterns",
        title: "Paper Lanterns",
        description: "An animated tale of a lantern maker's daughter who follows her lanterns into the spirit world.",
        duration_minutes: 96,
        genres: &["Animation", "Fantasy", "Family"],
        language: "Vietnamese",
        age_rating: "P",
        rating: 8.7,
        released_in_days: -2,
        director: "Yen Vo",
        cast: &["Lan Chi", "Minh Khoa"],
        vietnamese: (
            "Đèn Lồng Giấy",
            "Phim hoạt hình về cô con gái của người làm đèn lồng, theo những chiếc đèn của mình vào thế giới linh hồn.",
        ),
    },
    DemoMovie {
        slug: "iron-harbor",
        title: "Iron Harbor",
        description: "A dock crew stages an impossible heist during the city's biggest typhoon in a century.",
        duration_minutes: 132,
        genres: &["Action", "Crime"],
        language: "English",
        age_rating: "T16",
        rating: 7.3,
        released_in_days: -15,
        director: "Diego Ramos",
        cast: &["Kai Brooks", "Sofia Lind", "Omar Haddad"],
        vietnamese: (
            "Cảng Thép",
            "Một đội công nhân bến cảng thực hiện phi vụ không tưởng giữa cơn bão lớn nhất thành phố trong một thế kỷ.",
        ),
    },
    DemoMovie {
        slug: "the-quiet-choir",
        title: "The Quiet Choir",
        description: "A deaf teenager joins her school choir and changes how the whole town hears music.",
        duration_minutes: 109,
        genres: &["Drama", "Music"],
        language: "English",
        age_rating: "P",
        rating: 8.2,
        released_in_days: -26,
        director: "Hannah Reyes",
        cast: &["Ella Park", "David Kim"],
        vietnamese: (
            "Dàn Hợp Xướng Lặng Im",
            "Một thiếu nữ khiếm thính tham gia dàn hợp xướng của trường và thay đổi cách cả thị trấn lắng nghe âm nhạc.",
        ),
    },
    DemoMovie {
        slug: "ghost-of-hoi-an",
        title: "Ghost of Hoi An",
        description: "A tour guide's nightly ghost walk turns real when a lantern-lit shop refuses to stay closed.",
        duration_minutes: 99,
        genres: &["Horror", "Mystery"],
        language: "Vietnamese",
        age_rating: "T18",
        rating: 7.0,
        released_in_days: -7,
        director: "Khanh Do",
        cast: &["Ngoc Anh", "Viet Hoang"],
        vietnamese: (
            "Bóng Ma Hội An",
            "Tour ma đêm của một hướng dẫn viên trở thành thật khi một cửa hiệu thắp đèn lồng không chịu đóng cửa.",
        ),
    },
    DemoMovie {
        slug: "starlight-express",
        title: "Starlight Express",
        description: "A night train across the country, twelve strangers, and one stolen violin.",
        duration_minutes: 122,
        genres: &["Mystery", "Romance"],
        language: "English",
        age_rating: "T13",
        rating: 7.8,
        released_in_days: 6,
        director: "Claire Dubois",
        cast: &["Lucas Moreau", "Amira Said"],
        vietnamese: (
            "Chuyến Tàu Ánh Sao",
            "Một chuyến tàu đêm xuyên đất nước, mười hai người lạ và một cây vĩ cầm bị đánh cắp.",
        ),
    },
    DemoMovie {
        slug: "dragon-bridge",
        title: "Dragon Bridge",
        description: "Martial-arts legends come out of retirement when their old bridge is sold to developers.",
        duration_minutes: 126,
        genres: &["Action", "Comedy"],
        language: "Vietnamese",
        age_rating: "T13",
        rating: 7.5,
        released_in_days: 13,
        director: "Hung Pham",
        cast: &["Long Vu", "Kim Ngan", "Son Tung"],
        vietnamese: (
            "Cầu Rồng",
            "Những huyền thoại võ thuật tái xuất giang hồ khi cây cầu xưa của họ bị bán cho nhà đầu tư.",
        ),
    },
    DemoMovie {
        slug: "the-cartographer",
        title: "The Cartographer",
        description: "An old mapmaker's last commission leads her granddaughter to a coastline that is not on any map.",
        duration_minutes: 115,
        genres: &["Adventure", "Drama"],
        language: "English",
        age_rating: "P",
        rating: 8.0,
        released_in_days: 20,
        director: "Tomas Berg",
        cast: &["Ingrid Sol", "Maya Chen"],
        vietnamese: (
            "Người Vẽ Bản Đồ",
            "Đơn đặt hàng cuối cùng của một bà lão vẽ bản đồ dẫn cháu gái bà đến một bờ biển không có trên bất kỳ tấm bản đồ nào.",
        ),
    },
    DemoMovie {
        slug: "neon-tide",
        title: "Neon Tide",
        description: "In a flooded future Saigon, a courier uncovers who is really keeping the water out.",
        duration_minutes: 138,
        genres: &["Sci-Fi", "Action"],
        language: "Vietnamese",
        age_rating: "T16",
        rating: 8.3,
        released_in_days: 27,
        director: "Thao Nguyen",
        cast: &["Anh Thu", "Hieu Tran", "Bich Ngoc"],
        vietnamese: (
            "Thuỷ Triều Neon",
            "Trong một Sài Gòn tương lai ngập nước, một người giao hàng khám phá ra ai mới thực sự đang ngăn dòng nước.",
        ),
    },
];

pub async fn seed(pool: &PgPool) -> anyhow::Result<()> {
    let today = Utc::now().date_naive();
    let mut inserted = 0;
    for movie in MOVIES {
        let release_date = if movie.released_in_days < 0 {
            today - Days::new(movie.released_in_days.unsigned_abs())
        } else {
            today + Days::new(movie.released_in_days.unsigned_abs())
        };
        let status = if movie.released_in_days <= 0 {
            "now_showing"
        } else {
            "coming_soon"
        };
        let result = sqlx::query(
            r#"INSERT INTO movies (slug, title, description, duration_minutes, genres, language,
                   age_rating, rating, release_date, poster_url, director, "cast", status,
                   translations)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8::float8::numeric(3, 1), $9, $10, $11, $12, $13,
                   $14)
               ON CONFLICT (slug) DO UPDATE SET translations = EXCLUDED.translations
                   WHERE movies.translations = '{}'"#,
        )
        .bind(movie.slug)
        .bind(movie.title)
        .bind(movie.description)
        .bind(movie.duration_minutes)
        .bind(movie.genres)
        .bind(movie.language)
        .bind(movie.age_rating)
        .bind(movie.rating)
        .bind(release_date)
        .bind(format!("/posters/{}.svg", movie.slug))
        .bind(movie.director)
        .bind(movie.cast)
        .bind(status)
        .bind(serde_json::json!({
            "vi": { "title": movie.vietnamese.0, "description": movie.vietnamese.1 }
        }))
        .execute(pool)
        .await?;
        inserted += result.rows_affected();
    }
    tracing::info!(inserted, total = MOVIES.len(), "demo movies loaded");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::MOVIES;

    #[test]
    fn demo_slugs_are_unique_and_valid() {
        let mut slugs: Vec<_> = MOVIES.iter().map(|movie| movie.slug).collect();
        assert!(slugs.iter().all(|slug| {
            slug.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
        }));
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), MOVIES.len());
    }
}
