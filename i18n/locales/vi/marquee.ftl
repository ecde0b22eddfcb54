# Marquee bằng tiếng Việt. Mỗi thông điệp ở đây cũng phải có trong tệp của mọi ngôn ngữ khác
# (bài kiểm tra của crate i18n kiểm tra điều đó).

## Ngôn ngữ
language-own-name = Tiếng Việt
language-switch-label = Ngôn ngữ

## Định dạng
number-group-separator = .
money = { $amount } { $currency }
currency-sign-VND = ₫
date-day = { $weekday }, { $day2 }/{ $month2 }
date-full = { $day2 }/{ $month2 }/{ $year }
date-long = { $weekday_long }, { $day2 }/{ $month2 }/{ $year }
duration = { $hours ->
    [0] { $minutes } phút
   *[other] { $hours } giờ { $minutes2 } phút
}
weekday-1 = Thứ Hai
weekday-2 = Thứ Ba
weekday-3 = Thứ Tư
weekday-4 = Thứ Năm
weekday-5 = Thứ Sáu
weekday-6 = Thứ Bảy
weekday-7 = Chủ Nhật
weekday-long-1 = Thứ Hai
weekday-long-2 = Thứ Ba
weekday-long-3 = Thứ Tư
weekday-long-4 = Thứ Năm
weekday-long-5 = Thứ Sáu
weekday-long-6 = Thứ Bảy
weekday-long-7 = Chủ Nhật
month-1 = Th1
month-2 = Th2
month-3 = Th3
month-4 = Th4
month-5 = Th5
month-6 = Th6
month-7 = Th7
month-8 = Th8
month-9 = Th9
month-10 = Th10
month-11 = Th11
month-12 = Th12
month-long-1 = tháng Một
month-long-2 = tháng Hai
month-long-3 = tháng Ba
month-long-4 = tháng Tư
month-long-5 = tháng Năm
month-long-6 = tháng Sáu
month-long-7 = tháng Bảy
month-long-8 = tháng Tám
month-long-9 = tháng Chín
month-long-10 = tháng Mười
month-long-11 = tháng Mười Một
month-long-12 = tháng Mười Hai
seat-count = { $count } ghế

## Đầu trang và chân trang
nav-skip = Chuyển đến nội dung chính
nav-menu = Menu
nav-main = Điều hướng chính
nav-movies = Phim
nav-cinemas = Rạp
nav-search = Tìm kiếm
nav-box-office = Quầy vé
nav-check-in = Soát vé
nav-boards = Bảng chiếu
nav-my-bookings = Vé của tôi
nav-profile = Hồ sơ của bạn
nav-sign-out = Đăng xuất
nav-sign-in = Đăng nhập
nav-register = Đăng ký
footer-tagline = Marquee — vé xem phim, chọn từng ghế.
footer-built-with = Mã nguồn mở · Xây dựng bằng Rust và Leptos

## Lỗi từ các dịch vụ, theo `code` cố định
error-refused = Yêu cầu bị từ chối.
error-invalid_input = Vui lòng kiểm tra lại: { $fields }.
# Trang tiếng Anh hiển thị nguyên văn `detail` của dịch vụ; các thông điệp dưới đây dịch theo `code`.
error-bad_request = Không hiểu được yêu cầu này.
error-unauthorized = Vui lòng đăng nhập lại.
error-forbidden = Bạn không có quyền thực hiện thao tác này.
error-not_found = Không tìm thấy.
error-conflict = Hiện không thể thực hiện thao tác này.
error-too_large = Dữ liệu quá lớn.
error-too_many_requests = Bạn đã thử quá nhiều lần trong thời gian ngắn. Vui lòng đợi một chút rồi thử lại.
error-unavailable = Dịch vụ tạm thời không khả dụng. Vui lòng thử lại sau giây lát.
error-internal = Đã xảy ra lỗi từ phía chúng tôi. Vui lòng thử lại.
error-timeout = Yêu cầu mất quá nhiều thời gian. Vui lòng thử lại.
error-showtime_not_found = Không tìm thấy suất chiếu
error-showtime_cancelled = Suất chiếu này đã bị hủy; các ghế không còn được bán
error-showtime_started = Suất chiếu này đã bắt đầu; các ghế không còn được bán
error-showtime_being_changed = Rạp đang thay đổi suất chiếu này; vui lòng thử lại sau giây lát
error-showtime_has_bookings = Suất chiếu này có { $count } ghế đã được đặt hoặc đang chờ thanh toán
error-no_seats_chosen = Vui lòng chọn ít nhất một ghế
error-unknown_seats = Suất chiếu này không có ghế: { $seats }
error-wheelchair_space_unconfirmed = { $seats } là chỗ xe lăn, dành cho khách sử dụng xe lăn: vui lòng xác nhận bạn cần chỗ này
error-companion_without_space = Ghế người đi cùng { $seats }: hãy đặt cùng chỗ xe lăn bên cạnh
error-no_room_for = Không còn đủ { $count } ghế trống để chọn
error-too_many_seats = Chỉ có thể giữ tối đa { $count } ghế cùng lúc
error-not_for_sale = Không mở bán: { $seats }
error-customer_seat_limit = Bạn đang giữ hoặc chờ thanh toán { $already } ghế của suất chiếu này; mỗi người tối đa { $limit } ghế
error-seats_resting = Bạn vừa bỏ giữ { $seats }; bạn có thể giữ lại sau { $minutes } phút, hoặc chọn ghế khác
error-seats_taken = Ghế đã có người chọn: { $seats }
error-hold_not_found = Không tìm thấy lượt giữ ghế hoặc đã hết hạn
error-hold_already_extended = Mỗi lượt giữ ghế chỉ được gia hạn một lần
error-hold_lapsed = Thời gian giữ ghế đã hết; vui lòng giữ ghế lại
error-hold_for_other_seats = Lượt giữ ghế này dành cho các ghế khác
error-booking_not_found = Không tìm thấy đơn đặt vé
error-booking_already = Đơn đặt vé { $status ->
        [confirmed] đã được xác nhận
        [cancelled] đã bị hủy
        [expired] đã hết hạn
        [pending] đang ở trạng thái chờ thanh toán
       *[other] { $status }
    }
error-ticket_used = Vé này đã được dùng để vào cửa; không thể hủy nữa
error-past_refund_cutoff = Đơn đã thanh toán chỉ có thể hủy chậm nhất { $minutes } phút trước giờ chiếu
error-not_seats_of_booking = Không phải ghế của đơn đặt vé này: { $seats }
error-seats_cancelled_only_when_paid = Chỉ đơn đã thanh toán mới trả lại được từng ghế; đơn này { $status ->
        [confirmed] đã xác nhận
        [cancelled] đã hủy
        [expired] đã hết hạn
        [pending] đang chờ thanh toán
       *[other] { $status }
    }: hãy hủy cả đơn và đặt lại
error-ticket_not_issued = Vé chỉ được xuất khi đơn đặt vé đã thanh toán (đơn này { $status ->
        [confirmed] đã xác nhận
        [cancelled] đã hủy
        [expired] đã hết hạn
        [pending] đang chờ thanh toán
       *[other] { $status }
    })
error-staff_only = Chỉ nhân viên mới được thực hiện thao tác này
error-kept_for_box_office = Dành cho quầy vé đến { $until }: { $seats }
error-too_many_showtimes = Tối đa { $count } suất chiếu mỗi lần
error-cash_staff_only = Chỉ nhân viên quầy vé mới nhận tiền mặt
error-bad_amount = Số tiền phải là một số dương
error-idempotency_key_reused = Lượt thanh toán này đã được thử với thông tin khác; hãy bắt đầu một lượt thanh toán mới
error-idempotency_key_in_use = Lượt thanh toán này vẫn đang được xử lý
error-payment_not_found = Không tìm thấy khoản thanh toán
error-booking_expired = Đơn đặt vé đã hết hạn; vui lòng chọn lại ghế
error-wrong_amount = Số tiền phải bằng { $amount }, tổng tiền của đơn đặt vé
error-payment_in_progress = Khoản thanh toán cho đơn này đang được xử lý
error-payment_attempt_failed = Lượt thanh toán này không thành công; vui lòng thanh toán lại
error-refunds_closed = Ngừng hoàn tiền từ { $minutes } phút trước giờ chiếu
error-not_refundable = Chỉ khoản thanh toán đã hoàn tất mới được hoàn tiền (khoản này { $status ->
        [pending] đang xử lý
        [failed] không thành công
        [refunded] đã được hoàn tiền
       *[other] { $status }
    })
error-partial_refund_by_cancelling_seats = Để nhận lại một phần tiền, hãy trả lại một số ghế của bạn
error-fully_refunded = Khoản thanh toán đã được hoàn tiền toàn bộ
error-refund_too_large = Chỉ có thể hoàn tối đa { $amount }
error-card_declined = Thẻ của bạn bị từ chối.
error-insufficient_funds = Thẻ của bạn không đủ số dư.
error-processor_timeout = Cổng thanh toán không phản hồi kịp. Bạn chưa bị trừ tiền.
error-email_taken = Email này đã được đăng ký
error-username_taken = Tên đăng nhập này đã có người sử dụng
error-invalid_credentials = Tên đăng nhập hoặc mật khẩu không đúng.
error-account_disabled = Tài khoản này đã bị vô hiệu hóa
error-wrong_password = Mật khẩu hiện tại không đúng
error-login_locked = Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau { $seconds } giây.

## Thông báo về vé đã đặt (trong ứng dụng và qua email)
notice-booking_confirmed-subject = Vé của bạn: mã đặt vé { $code }
notice-booking_confirmed-message = Đơn đặt vé { $code } đã được xác nhận: ghế { $seats }, đã thanh toán { $total }. Vui lòng xuất trình vé điện tử tại rạp.
notice-booking_seats_cancelled-subject = Vé mới của bạn: mã đặt vé { $code }
notice-booking_seats_cancelled-message = Ghế { $released } của mã đặt vé { $code } đã được hủy và { $refund } đang được hoàn lại. Vé điện tử mới của bạn dành cho ghế { $seats }; vé trước đó không còn giá trị vào cửa.
notice-booking_cancelled-subject = { $by_cinema ->
    [yes] Suất chiếu của bạn đã bị hủy: mã đặt vé { $code }
   *[no] Đơn đặt vé { $code } đã được hủy
}
notice-booking_cancelled-message = { $by_cinema ->
    [yes] Chúng tôi rất tiếc: rạp đã hủy suất chiếu của mã đặt vé { $code } (ghế { $seats }).{ $paid ->
        [yes] {" "}Khoản thanh toán của bạn đang được hoàn lại toàn bộ.
       *[no] {""}
    }
   *[no] Đơn đặt vé { $code } đã được hủy và các ghế { $seats } đã được mở bán lại.{ $paid ->
        [yes] {" "}Khoản thanh toán của bạn đang được hoàn lại.
       *[no] {""}
    }
}
notice-booking_expired-subject = Đơn đặt vé { $code } đã hết hạn
notice-booking_expired-message = Đơn đặt vé { $code } không được thanh toán kịp thời, nên các ghế { $seats } đã được mở bán lại.
notice-payment_refunded-subject = Tiền hoàn lại đang được chuyển đến bạn
notice-payment_refunded-message = { $method ->
    [cash] Chúng tôi đã hoàn { $refund } vào tài khoản của bạn tại quầy vé.
   *[card] Chúng tôi đã hoàn { $refund } về thẻ của bạn.
}
email-ticket-text = Vé điện tử của bạn (mã QR và tệp lịch): { $page }
email-ticket-code = Mã vé: { $token }
email-ticket-link = Mở vé điện tử
email-ticket-link-note = (mã QR, in vé, thêm vào lịch).
email-walk-in-code = Mã vé của bạn (xuất trình khi vào cửa):
email-walk-in-code-text = Mã vé của bạn (xuất trình khi vào cửa): { $token }
email-signature = Marquee

# Các trang dành cho khán giả: xem phim, tài khoản, vé đã đặt, vé và thông báo.

## Dùng chung
# { $what } là thứ đang được tải: "vé đã đặt của bạn", "thông tin phim".
common-loading = Đang tải { $what }…

## Trang chủ
home-now-showing = Phim đang chiếu
home-coming-soon = Phim sắp chiếu
home-hero-title = Buổi xem phim tiếp theo của bạn
home-hero-text = Xem phim đang chiếu, chọn ghế trên sơ đồ ghế cập nhật trực tiếp và nhận vé điện tử chỉ trong vài phút.
home-nothing-showing = Hiện chưa có phim nào đang chiếu. Hãy quay lại sau nhé.
home-no-upcoming = Chưa có phim sắp chiếu nào được công bố.
home-unavailable-title = Hiện chưa thể hiển thị danh sách phim
home-try-again = Vui lòng thử lại sau giây lát.
home-loading-movies = Đang tải danh sách phim

## Phim: thẻ phim, trang phim và suất chiếu
movie-loading = thông tin phim
movie-showtimes = Suất chiếu
movie-poster-alt = Poster phim { $title }
movie-release-on = Khởi chiếu: { $date }
movie-director = Đạo diễn
movie-cast = Diễn viên
movie-release = Khởi chiếu
movie-trailer = ▶ Xem trailer
movie-new-tab = (mở trong thẻ mới)
movie-catalog-unavailable = Hiện không thể tải danh sách phim.
movie-no-showtimes = Chưa có suất chiếu nào được lên lịch.
movie-choose-day = Chọn ngày
movie-showtime-label = { $time } { $format } tại { $hall }, giá từ { $price }, còn { $free }/{ $total } ghế trống
movie-audio-subtitles = { $audio } · phụ đề { $subtitles }
movie-from-price = từ { $price }

## Tìm kiếm
search-heading = Tìm phim
search-loading = kết quả
search-no-results = Không có phim nào phù hợp. Hãy thử bớt bộ lọc.
search-count = { $count } phim
search-title-label = Tên phim hoặc đạo diễn
search-placeholder = VD: Lanterns
search-genre = Thể loại
search-any-genre = Tất cả thể loại
search-city = Thành phố
search-any-city = Tất cả thành phố
search-date = Ngày
search-submit = Tìm

## Rạp, và rạp đặt thiết bị của nhân viên
cinema-heading = Hệ thống rạp
cinema-loading-list = danh sách rạp
cinema-list-unavailable = Hiện không thể tải danh sách rạp.
cinema-loading = thông tin rạp
cinema-program = Lịch chiếu
cinema-program-unavailable = Hiện không thể tải lịch chiếu của rạp này.
cinema-device-switch = Đổi rạp
cinema-device-which = Thiết bị này đặt tại rạp nào?

## Tài khoản: đăng nhập, đăng ký, hồ sơ
# Liên kết trong câu "Vui lòng { $sign_in } để xem ...".
account-sign-in-link = đăng nhập
account-new-here = Lần đầu đến với Marquee?
account-create-account = Tạo tài khoản
account-register-heading = Tạo tài khoản của bạn
account-have-account = Đã có tài khoản?
account-username-or-email = Tên đăng nhập hoặc email
account-password = Mật khẩu
account-password-hint = Tối thiểu 8 ký tự
account-full-name-optional = Họ và tên (không bắt buộc)
account-full-name = Họ và tên
account-email = Email
account-username = Tên đăng nhập
account-username-hint = 3-50 ký tự gồm chữ cái, chữ số, '_', '.' hoặc '-'
account-phone = Số điện thoại
account-create-button = Tạo tài khoản
account-save = Lưu
account-role = Loại tài khoản
account-role-customer = Khách hàng
account-role-staff = Nhân viên
account-role-admin = Quản trị viên
account-profile-sign-in = Vui lòng { $sign_in } để xem hồ sơ của bạn.
account-unavailable = Hệ thống tài khoản hiện không khả dụng.

## Tài khoản: thông báo của biểu mẫu sau khi gửi
account-wrong-credentials = Tên đăng nhập hoặc mật khẩu không đúng.
account-profile-saved = Đã lưu hồ sơ của bạn.
account-unavailable-try-later = Chức năng này hiện không khả dụng. Vui lòng thử lại sau giây lát.
account-invalid-value = Giá trị không hợp lệ
account-something-wrong = Đã xảy ra lỗi. Vui lòng thử lại.
# Các câu (tiếng Anh) của dịch vụ xác thực, theo nội dung.
account-error-email = Vui lòng nhập địa chỉ email hợp lệ
account-error-username = Tên đăng nhập phải gồm 3-50 ký tự: chữ cái, chữ số, '_', '.' hoặc '-'
account-error-password-short = Mật khẩu phải có ít nhất 8 ký tự
account-error-password-long = Mật khẩu chỉ được tối đa 128 ký tự
account-error-full-name = Họ và tên chỉ được tối đa 100 ký tự
account-error-phone = Vui lòng nhập số điện thoại hợp lệ
account-error-email-taken = Email này đã được đăng ký
account-error-username-taken = Tên đăng nhập này đã có người sử dụng
account-error-disabled = Tài khoản này đã bị vô hiệu hóa
account-error-busy = Có quá nhiều lượt đăng nhập cùng lúc. Vui lòng thử lại sau giây lát.

## Vé của tôi
mybookings-status-pending = Chờ thanh toán
mybookings-status-confirmed = Đã xác nhận
mybookings-status-cancelled = Đã hủy
mybookings-status-expired = Đã hết hạn
mybookings-status-unknown = Không xác định
# Tên của đơn đặt vé khi không rõ suất chiếu.
mybookings-booking = Đơn đặt vé
mybookings-sign-in = Vui lòng { $sign_in } để xem vé đã đặt.
mybookings-loading = vé đã đặt của bạn
mybookings-empty = Bạn chưa đặt vé nào.
mybookings-find-movie = Tìm phim
# Theo sau là mã đặt vé.
mybookings-seats-line = Ghế { $seats } · { $total } · mã đặt vé { $code }
mybookings-cancelled = Đã hủy đơn đặt vé { $code }, các ghế đã được mở bán lại.
mybookings-cancel = Hủy
mybookings-unavailable = Hiện không thể tải danh sách vé đã đặt của bạn.

## Một đơn đặt vé: thanh toán và vé điện tử
checkout-loading = thông tin đặt vé
checkout-unavailable = Hiện không thể tải thông tin đơn đặt vé này.
checkout-page-title = Thanh toán · { $title }
checkout-kicker-pending = Thanh toán
checkout-kicker-done = Vé của bạn
checkout-booking-code = Mã đặt vé
checkout-given-back = đã trả lại
checkout-total = Tổng cộng
# { $time } là phút:giây, đếm ngược.
checkout-kept-for = Ghế của bạn được giữ trong { $time } để bạn thanh toán.
checkout-time-up = Đã hết thời gian thanh toán; các ghế được mở bán lại.
checkout-lapse-note = Đơn đặt vé chưa thanh toán sẽ tự hủy khi hết thời gian.
checkout-confirming = Đã nhận thanh toán. Đang xác nhận đơn đặt vé của bạn…
checkout-confirmed = Đặt vé thành công. Vui lòng xuất trình vé này tại rạp.
checkout-cancel-refund = Hủy và hoàn tiền
checkout-cancel = Hủy đặt vé
checkout-eticket = Vé điện tử
checkout-ticket-qr = Mã QR của vé
checkout-ticket-unavailable = Hiện chưa thể hiển thị vé của bạn; bạn vẫn có thể dùng mã đặt vé tại quầy vé.
checkout-print = In vé
checkout-add-calendar = Thêm vào lịch

## Vé in tại quầy vé
ticket-label = Vé
ticket-heading = Marquee · Vé xem phim
ticket-when = { $time } · { $day }
ticket-seats = Ghế { $seats }
ticket-paid-cash = Thanh toán tiền mặt: khách đưa { $tendered }, tiền thừa { $change }.
ticket-paid-card = Thanh toán bằng thẻ.
ticket-change = Tiền thừa: { $change }
ticket-paid-card-short = Đã thanh toán bằng thẻ
ticket-emailed = Vé đã được gửi qua email tới { $email }.
ticket-issuing = Đã thanh toán. Vé đang được xuất: hãy mở đơn đặt vé để in.
ticket-print-receipt = In vé (80 mm)
ticket-print-a4 = In trên giấy A4

## Trả lại một số ghế của đơn đã thanh toán
giveback-sign-in-again = Vui lòng đăng nhập lại.
giveback-gone = Đơn đặt vé này không còn tồn tại.
giveback-unavailable = Hệ thống đặt vé hiện không khả dụng. Vui lòng thử lại.
giveback-done = Đã trả lại ghế { $seats } và đang hoàn tiền cho các ghế này. Vé của bạn đã được cấp lại: hãy dùng vé mới bên dưới, vé cũ không còn giá trị vào cửa.
giveback-done-staff = Đã trả lại ghế { $seats } và đang hoàn tiền cho các ghế này. Vé đã được cấp lại: vé cũ của khách không còn giá trị vào cửa.
giveback-legend = Trả lại một số ghế
giveback-intro = Không thể đi đủ người? Chọn các ghế muốn trả lại: tiền ghế được hoàn về thẻ của bạn, các ghế còn giữ được chuyển sang vé mới.
giveback-intro-staff = Chọn các ghế khách trả lại: tiền ghế được hoàn theo đúng hình thức đã thanh toán, các ghế còn giữ được chuyển sang vé mới.
giveback-none = Chưa chọn ghế nào.
giveback-all = Bạn đã chọn tất cả các ghế: để trả lại toàn bộ, hãy hủy đặt vé.
giveback-ticked = Đã chọn { $count } ghế: hoàn lại { $refund }.
giveback-submit = Trả lại các ghế đã chọn

## Thông báo
notices-title = Thông báo
notices-bell = { $count ->
    [0] Thông báo
   *[other] Thông báo, { $count } chưa đọc
}
notices-mark-all = Đánh dấu tất cả là đã đọc
notices-loading = thông báo của bạn
notices-sign-in = Vui lòng { $sign_in } để xem thông báo của bạn.
notices-empty = Chưa có thông báo nào. Thông báo về vé bạn đặt sẽ hiển thị tại đây.
notices-view-booking = Xem đơn đặt vé
notices-unavailable = Hiện không thể tải thông báo.

## Không tìm thấy trang
notfound-title = Không tìm thấy trang
notfound-heading = Suất chiếu này không tồn tại
notfound-text = Trang bạn tìm không có trong lịch chiếu của chúng tôi.
notfound-back = Quay lại trang phim

# Đặt vé bằng tiếng Việt: sơ đồ ghế, giữ ghế, thanh toán và các câu trả lời của dịch vụ đặt
# vé. Xem chú thích của từng thông điệp trong tệp tiếng Anh.

## Loại ghế
seat-type-standard = Thường
seat-type-vip = VIP
seat-type-couple = Ghế đôi (bán theo cặp)
seat-type-wheelchair = Chỗ xe lăn
seat-type-companion = Ghế người đi cùng
seat-type-other = Ghế

## Sơ đồ ghế và chọn ghế
seat-describe = Hàng { $row } ghế { $number }, { $seat_type }{ $note ->
        [counter] , dành riêng cho quầy vé
        [companion] : đặt cùng chỗ xe lăn bên cạnh
        [wheelchair] : dành cho khách dùng xe lăn
       *[none] {""}
    }, { $price }, { $status ->
        [mine] bạn đang giữ
        [selected] đang chọn
        [available] còn trống
        [blocked] không mở bán
       *[taken] đã có người chọn
    }
seat-held-already = Ghế của bạn đang được giữ. Hãy bỏ giữ ghế để chọn ghế khác.
seat-removed = Đã bỏ chọn { $seat }. { $summary }
seat-selected = Đã chọn { $seat }. { $summary }
seat-too-many = Mỗi lần bạn chỉ có thể chọn tối đa { $max } ghế.
seat-summary = { $count ->
        [0] Chưa chọn ghế nào.
       *[other] { $count } ghế, { $total }.
    }
seat-lost = Ghế { $seats } vừa được người khác chọn. { $left ->
        [0] Vui lòng chọn ghế khác.
       *[other] Các ghế còn lại bạn đã chọn vẫn giữ nguyên.
    }
seat-map-help = Chọn ghế bằng cách nhấp hoặc chạm (dùng hai ngón tay để phóng to), hoặc dùng các phím mũi tên và phím Enter hoặc phím cách.
seat-screen = Màn hình
seat-row = Hàng { $row }

## Sơ đồ ghế có đang nhận thay đổi trực tiếp hay không
live-on = Trực tiếp
live-connecting = Đang kết nối…

## Giữ các ghế đã chọn
hold-your-seats = Ghế của bạn
hold-choose-on-map = Chọn ghế trên sơ đồ.
hold-total = Tổng cộng
hold-button = { $count ->
        [0] Giữ ghế
       *[other] Giữ { $count } ghế
    }
hold-held-for = Thời gian giữ ghế còn lại: { $time }
hold-checkout = Tiếp tục thanh toán
hold-more-time = Thêm thời gian
hold-release = Bỏ giữ ghế
hold-sign-in = Vui lòng { $sign_in } để giữ ghế.
hold-best-for = Ghế tốt nhất cho
hold-best-find = Tìm ghế tốt nhất
hold-wheelchair-confirm = Chỗ xe lăn được dành cho khách sử dụng xe lăn. Tôi cần chỗ này, cho bản thân hoặc cho người tôi đặt vé giúp.
hold-held = Đã giữ { $seats } trong { $minutes } phút.
hold-best-together = Đã giữ { $count } ghế tốt nhất liền nhau: { $seats }. Hãy bỏ giữ ghế nếu bạn muốn chọn ghế khác.
hold-best-split = Không hàng nào còn { $count } ghế liền nhau, nên các ghế nằm ở { $rows } hàng: { $groups }. Hãy bỏ giữ ghế nếu bạn muốn chọn ghế khác.
hold-best-rows-joined = { $first } và { $next }
hold-extended = Bạn đã được thêm thời gian giữ ghế.
hold-released = Đã bỏ giữ ghế của bạn.
hold-expired = Thời gian giữ ghế đã hết và các ghế đã được mở bán lại. Hãy chọn lại để tiếp tục.
hold-ended-free = Lượt giữ ghế của bạn đã kết thúc và các ghế đó đã được mở bán lại.
hold-not-found = Lượt giữ ghế của bạn đã kết thúc. Vui lòng giữ ghế lại.
hold-unavailable = Hiện chưa thể đặt vé. Vui lòng thử lại sau giây lát.

## Ghế bị bỏ trống lẻ loi vì lựa chọn
lone-seat-advice = Ghế { $seat } sẽ bị trống lẻ một mình: { $way ->
        [none] hãy chọn luôn ghế này
        [left] hãy chọn luôn ghế này, hoặc dời sang trái một ghế
       *[right] hãy chọn luôn ghế này, hoặc dời sang phải một ghế
    }.

## Thanh toán bằng thẻ
pay-title = Thanh toán bằng thẻ
pay-card-number = Số thẻ
pay-expiry = Ngày hết hạn (MM/YY)
pay-security-code = Mã bảo mật
pay-holder-name = Tên chủ thẻ (không bắt buộc)
pay-busy = Đang thanh toán…
pay-button = Thanh toán { $amount }
pay-test-cards = Thẻ thử nghiệm (không dùng tiền thật): ngày hết hạn bất kỳ trong tương lai, mã bảo mật 3 chữ số bất kỳ.
pay-test-card = { $outcome ->
    [charged] Thẻ { $card } thanh toán thành công
    [declined] Thẻ { $card } bị từ chối
    [insufficient] Thẻ { $card } không đủ số dư
   *[timeout] Thẻ { $card } phản hồi quá chậm (hết thời gian chờ)
}
pay-use-card = Dùng
pay-expiry-invalid = Nhập ngày hết hạn của thẻ theo dạng MM/YY.
pay-refused = { $reason }. Ghế của bạn vẫn đang được giữ; bạn có thể thử lại.
pay-sign-in-again = Vui lòng đăng nhập lại để thanh toán.
pay-unavailable = Hiện chưa thể thanh toán. Ghế của bạn vẫn đang được giữ; vui lòng thử lại sau ít phút.

## Trang suất chiếu
showtime-loading = sơ đồ ghế
showtime-unavailable = Hiện chưa thể tải sơ đồ ghế.
showtime-free-seats = Còn trống { $free }/{ $total } ghế
showtime-other-showtimes = Xem suất chiếu khác
showtime-seat-map = Sơ đồ ghế
showtime-legend = Chú thích
showtime-legend-price = { $seat_type } — { $price }
showtime-legend-chosen = Đang chọn
showtime-legend-mine = Bạn đang giữ
showtime-legend-taken = Đã có người chọn (đang giữ hoặc đã đặt)
showtime-legend-blocked = Không mở bán
showtime-cancelled = Rạp đã hủy suất chiếu này. Mọi vé của suất chiếu đã được hủy và hoàn tiền đầy đủ.
showtime-started = Suất chiếu này đã bắt đầu; vé không còn được bán.

## Câu trả lời của dịch vụ đặt vé
booking-unavailable = Hiện chưa thể đặt vé.
booking-list-unavailable = Hiện chưa thể tải danh sách vé đã đặt của bạn.
booking-payments-unreachable = không kết nối được dịch vụ thanh toán: { $error }
booking-cancel-too-many = Mỗi lần chỉ được chọn tối đa 10 ghế.

# Phía nhân viên rạp: quầy vé, tra cứu đặt vé, soát vé, bảng chiếu tại sảnh.
# Các từ dịch vụ gửi về dưới dạng giá trị (trạng thái đặt vé, phương thức thanh toán) được dịch
# bằng bộ chọn.

## Trang dành cho nhân viên: ai được mở
staff-sign-in-needed = Cần đăng nhập tài khoản nhân viên
staff-for-staff = Trang này dành cho nhân viên rạp.
staff-only = Chỉ dành cho nhân viên
staff-forbidden = Trang này dành cho nhân viên rạp. Tài khoản của bạn không thể mở trang này.
staff-back-to-movies = Quay lại danh sách phim
staff-session-ended = Phiên đăng nhập đã kết thúc: vui lòng đăng nhập lại.
staff-payments-unavailable = Hệ thống thanh toán hiện không khả dụng.

## Quầy vé
# Nối sau "Đang tải …".
boxoffice-loading = quầy vé
boxoffice-loading-seat-map = sơ đồ ghế
boxoffice-unavailable = Lịch chiếu hiện không khả dụng.
boxoffice-try-again = Thử lại
boxoffice-sold = Đã bán vé
boxoffice-new-sale = Giao dịch mới
boxoffice-today = Hôm nay, { $date }
boxoffice-no-more-showtimes = Hôm nay không còn suất chiếu nào.
boxoffice-seats-left = Còn { $count } ghế
boxoffice-seat-map-unavailable = Sơ đồ ghế hiện không khả dụng.
boxoffice-back = Quay lại
boxoffice-back-to-showtimes = ← Suất chiếu
boxoffice-seat-map = Sơ đồ ghế
boxoffice-kept = Giữ lại cho quầy vé

## Khung bán vé tại quầy
counter-hold-ran-out = Đã hết thời gian giữ ghế: các ghế đã được mở bán lại.
counter-released = Đã bỏ giữ các ghế.
counter-not-paid = Chưa thanh toán: { $reason }
counter-sale-failed = Hiện chưa thể hoàn tất giao dịch. Vui lòng thử lại.
counter-sale = Bán vé
counter-live = Trực tiếp
counter-connecting = Đang kết nối…
counter-tap-seats = Chạm vào ghế trên sơ đồ.
counter-total = Tổng cộng
counter-hold = { $count ->
    [0] Giữ ghế
   *[other] Giữ { $count } ghế
}
counter-best-for = Ghế tốt nhất cho
counter-best-for-count = Ghế tốt nhất cho { $count } người
counter-held-for = Đang giữ ghế, còn { $time }
counter-customer-name = Tên khách hàng (không bắt buộc)
counter-customer-email = Email nhận vé (không bắt buộc)
counter-payment = Thanh toán
counter-cash = Tiền mặt
counter-card = Thẻ
counter-card-terminal = Thẻ qua máy POS
counter-cash-tendered = Tiền khách đưa ({ $currency })
counter-change-due = Tiền trả lại khách
counter-short = Còn thiếu { $amount }
counter-taking-payment = Đang thanh toán…
counter-take = Thu { $amount }
counter-release = Bỏ giữ ghế
counter-choose-again = Vui lòng chọn lại ghế.
counter-cash-short = Tiền khách đưa ({ $tendered }) ít hơn tổng tiền ({ $total }).
counter-booking-ended = Đơn đặt vé { $status ->
    [cancelled] đã bị hủy
    [expired] đã hết hạn
   *[other] đã chuyển sang trạng thái { $status }
} trước khi nhận được thanh toán; khoản thanh toán đã được hoàn lại. Vui lòng bán lại các ghế.
counter-booking-vanished = Đơn đặt vé không còn tồn tại.
counter-hold-ended = Thời gian giữ ghế đã hết: vui lòng chọn lại ghế.

## Tra cứu đặt vé tại quầy
desk-sign-in-again = Vui lòng đăng nhập lại.
desk-not-found = Không có đơn đặt vé nào với mã này.
desk-not-through = Thao tác chưa thành công; vui lòng thử lại.
desk-unavailable = Hiện không thể tra cứu đặt vé. Vui lòng thử lại.
desk-heading = Tra cứu đặt vé
desk-code = Mã đặt vé
desk-find = Tìm
desk-type-code = Hãy nhập mã đặt vé.
desk-cancelled = Đã hủy đơn đặt vé { $code }; nếu đã thanh toán, khách được hoàn tiền toàn bộ.
desk-booking = Mã đặt vé { $code } · { $status ->
    [pending] chờ thanh toán
    [confirmed] đã xác nhận
    [cancelled] đã hủy
    [expired] đã hết hạn
   *[other] { $status }
} · ghế { $seats }
desk-booking-given-back = Mã đặt vé { $code } · { $status ->
    [pending] chờ thanh toán
    [confirmed] đã xác nhận
    [cancelled] đã hủy
    [expired] đã hết hạn
   *[other] { $status }
} · ghế { $seats } · đã trả lại { $given_back }
desk-payment = Đã thanh toán { $paid } bằng { $method ->
    [card] thẻ
    [cash] tiền mặt
   *[other] { $method }
} · đã hoàn { $refunded } · còn lại { $left }
desk-cancel = Hủy toàn bộ đơn đặt vé
desk-enter-amount = Hãy nhập số tiền ({ $currency }).
desk-say-why = Hãy ghi lý do: lý do được lưu cùng khoản hoàn tiền.
desk-goodwill-done = Đã hoàn tiền thiện chí { $amount }.
desk-goodwill = Hoàn tiền thiện chí
desk-goodwill-explain = Hoàn tiền mà không trả lại ghế, tối đa { $left }. Ghế và vé vẫn giữ nguyên.
desk-amount = Số tiền ({ $currency })
desk-reason = Lý do (được lưu cùng khoản hoàn tiền)
desk-refund = Hoàn tiền thiện chí

## Soát vé
# Nối sau "Đang tải …".
door-loading = khu soát vé
door-unavailable = Hiện không thể soát vé.
door-unavailable-try-again = Hiện không thể soát vé. Vui lòng thử lại.
door-camera-failed = Không mở được camera: { $error }
door-scanner-not-loaded = Trình quét chưa tải xong; vui lòng thử lại.
door-scan = Quét vé
door-code = Vé hoặc mã đặt vé
door-code-placeholder = Quét, nhập hoặc dán mã
door-admit = Cho vào
door-no-camera = Trình duyệt này không đọc được mã QR bằng camera: hãy nhập hoặc dán mã, hoặc dùng máy quét cầm tay quét vào ô nhập.
door-camera-stop = Tắt camera
door-camera-start = Quét bằng camera
door-camera = Camera
door-verdict-admit = CHO VÀO
door-people = { $count } người
door-seats = Ghế { $seats }
door-verdict-stop = DỪNG LẠI
door-verdict-label = Kết quả quét; chạm để soát vé tiếp theo
door-next = Chạm để soát vé tiếp theo
door-in-hall = Trong phòng chiếu
door-no-more-showtimes = Hôm nay không còn suất chiếu nào.
door-admitted-of-sold = Đã soát { $admitted }/{ $sold } ghế đã bán

## Lý do không cho vào, theo từ lý do của dịch vụ
door-refused-forged = Không phải vé Marquee hợp lệ
door-refused-unknown-booking = Không tìm thấy đơn đặt vé
door-refused-replaced = Vé này đã được thay bằng vé mới khi hủy bớt ghế: vui lòng xuất trình vé mới nhất
door-refused-already-admitted = Đã soát vé lúc { $time }
door-refused-too-early = Chưa đến giờ: mở cửa lúc { $time }
door-refused-too-late = Suất chiếu này đã kết thúc lúc { $time }
door-refused-wrong-cinema = Vé này dùng tại { $cinema }
door-refused-not-paid = Chưa thanh toán: đơn đặt vé vẫn đang chờ thanh toán
door-refused-status = Đơn đặt vé { $status ->
    [pending] đang chờ thanh toán
    [confirmed] đã xác nhận
    [cancelled] đã bị hủy
    [expired] đã hết hạn
   *[other] ở trạng thái { $status }
}
door-refused-refunded = Đơn đặt vé { $status ->
    [pending] đang chờ thanh toán
    [confirmed] đã xác nhận
    [cancelled] đã bị hủy
    [expired] đã hết hạn
   *[other] ở trạng thái { $status }
} và đã được hoàn tiền
door-refused-staff-only = Chỉ nhân viên mới được soát vé

## Bảng chiếu tại sảnh
kiosk-boards = Bảng chiếu tại sảnh
kiosk-intro = Mở bảng chiếu của rạp trên màn hình ở sảnh (Chromium với --kiosk). Bảng không cần đăng nhập và tự cập nhật.
# Nối sau "Đang tải …".
kiosk-loading-cinemas = danh sách rạp
kiosk-cinemas-unavailable = Danh sách rạp hiện không khả dụng.
kiosk-board = Bảng chiếu tại sảnh
kiosk-board-title = { $cinema } · Bảng chiếu tại sảnh
kiosk-loading = Đang tải…
kiosk-no-such-cinema = Không tìm thấy rạp
kiosk-connecting = Đang kết nối…

## Một bảng chiếu, đọc từ xa trong sảnh
board-today-at = Hôm nay tại
board-clock = Giờ tại rạp
board-live = Trực tiếp
board-reconnecting = Đang kết nối lại…
board-no-more-showtimes = Hôm nay không còn suất chiếu
board-showtimes = Suất chiếu
board-footer = Mua vé tại quầy hoặc trực tuyến
board-page = Trang { $page }/{ $pages }
board-age-rating = Phân loại độ tuổi
board-later = và { $count } suất chiếu sau
board-sold-out = Hết vé
board-seats-left = Còn { $count } ghế
board-few-seats = Sắp hết vé

# Trang quản trị (danh mục phim, phòng chiếu, suất chiếu), trình vẽ sơ đồ phòng chiếu, các biểu
# mẫu quản trị của BFF và tệp lịch của vé đã đặt.

## Ai được xem trang quản trị
admin-only = Trang này dành cho quản trị viên.
admin-only-sign-in = Đăng nhập bằng tài khoản quản trị
admin-title = Quản trị danh mục
admin-back = ← Quản trị danh mục
admin-edit = Sửa
admin-edit-named = Sửa { $name }
admin-edit-hall-named = Sửa { $cinema } { $hall }

## Đang tải gì ("Đang tải danh mục phim…")
admin-loading-catalog = danh mục phim
admin-loading-film = phim
admin-loading-hall = phòng chiếu
admin-loading-showtime = suất chiếu
admin-loading-cinema = rạp

## Khi một dịch vụ không phản hồi
admin-day-unavailable = Hiện chưa thể tải các suất chiếu trong ngày.
admin-catalog-unavailable = Hiện chưa thể tải danh mục phim.
admin-releases-unavailable = Hiện chưa thể tải nhật ký mở bán ghế.

## Ghế dành cho người khuyết tật được mở bán rộng rãi
admin-releases-heading = Chỗ xe lăn và ghế người đi cùng đã mở bán
admin-releases-intro = Thời điểm chỗ dành cho người khuyết tật của từng suất chiếu được mở bán cho mọi khách, theo quy định của rạp (thiết lập trong trang của rạp).
admin-releases-none = Chưa có ghế nào được mở bán.
admin-release-rule-rest-sold = khi các ghế khác đã bán hết
admin-release-rule-timed = theo thời gian trước giờ chiếu

## Phim
admin-movies = Phim
admin-list-status-coming-soon = sắp chiếu
admin-list-status-now-showing = đang chiếu
admin-list-status-archived = ngừng chiếu
admin-add-movie-heading = Thêm phim
admin-add-movie = Thêm phim
admin-status-coming-soon = Sắp chiếu
admin-status-now-showing = Đang chiếu
admin-status-archived = Ngừng chiếu
admin-status-archived-long = Ngừng chiếu (không còn mở bán)
admin-save-film = Lưu phim
admin-delete-film-note = Phim đã từng có suất chiếu sẽ được giữ lại trong hồ sơ: hãy chuyển sang trạng thái ngừng chiếu thay vì xóa.
admin-delete-film-confirm = Tôi chắc chắn
admin-delete-film = Xóa phim

## Các trường của biểu mẫu
admin-field-slug = Slug (trong URL)
admin-slug-hint = chu-thuong-noi-bang-gach-ngang
admin-field-minutes = Thời lượng (phút)
admin-field-release-date = Ngày khởi chiếu
admin-field-language = Ngôn ngữ
admin-field-genres = Thể loại (cách nhau bằng dấu phẩy)
admin-field-director = Đạo diễn
admin-field-status = Trạng thái
admin-field-age-rating = Phân loại độ tuổi
admin-field-rating = Điểm đánh giá (0-10)
admin-field-cast = Diễn viên (cách nhau bằng dấu phẩy)
admin-field-poster = Áp phích
admin-poster-hint = /posters/ten.svg hoặc một URL https
admin-field-trailer = Trailer
admin-field-movie = Phim
admin-field-hall = Phòng chiếu
admin-field-date = Ngày
admin-field-time = Giờ (theo giờ của rạp)
admin-field-format = Định dạng
admin-field-audio = Âm thanh
admin-field-subtitles = Phụ đề
admin-field-price-standard = Giá ghế thường
admin-field-price-vip = Giá ghế VIP
admin-field-price-couple = Giá ghế đôi
admin-field-name = Tên
admin-field-address = Địa chỉ
admin-field-city = Thành phố
admin-field-time-zone = Múi giờ
admin-time-zone-hint = ví dụ: Asia/Ho_Chi_Minh
admin-field-cinema = Rạp
admin-field-hall-name = Tên phòng chiếu
admin-field-day = Ngày
admin-field-counter-seats = Ghế giữ lại cho quầy vé
admin-counter-seats-hint = ví dụ: F7, F8; để trống: theo số ghế của rạp
admin-field-counter-seats-per-showtime = Số ghế giữ lại cho quầy vé, mỗi suất chiếu
admin-counter-seats-per-showtime-hint = Những ghế tốt nhất của mỗi phòng chiếu, trừ khi suất chiếu có thiết lập riêng
admin-field-counter-release-minutes = Mở bán trực tuyến trước giờ chiếu bấy nhiêu phút
admin-field-accessible-release = Chỗ xe lăn và ghế người đi cùng được mở bán cho mọi khách
admin-accessible-release-timed = Vào một thời điểm định sẵn trước giờ chiếu (theo thông lệ Anh)
admin-accessible-release-rest-sold = Chỉ khi mọi ghế khác đã bán hết (theo luật ADA của Mỹ)
admin-field-accessible-release-minutes = Số phút trước giờ chiếu (khi mở bán theo thời điểm)

## Suất chiếu
admin-schedule-heading = Lên lịch suất chiếu
admin-schedule = Lên lịch
admin-day-heading = Suất chiếu ngày { $date }
admin-show-day = Xem
admin-day-empty = Không có suất chiếu nào trong ngày này.
# Tên của suất chiếu trong danh sách của ngày, trong nhãn các nút và trong thông báo khi đã hủy.
admin-showtime-label = { $movie } lúc { $time } tại { $cinema }, { $hall }
admin-seats-free = Còn trống { $available }/{ $total }
admin-started = đã bắt đầu
admin-confirm-cancel-named = Xác nhận hủy { $name }
admin-sure = chắc chắn
admin-cancel = Hủy
admin-cancel-named = Hủy { $name }
admin-showtime-summary = Còn trống { $available }/{ $total } ghế · { $status }
admin-showtime-status-scheduled = đã lên lịch
admin-showtime-status-cancelled = đã hủy
admin-showtime-note = Chỉ đổi được giờ chiếu khi chưa có ghế nào được đặt. Giá vé có thể đổi bất cứ lúc nào; vé đã đặt giữ nguyên giá đã thanh toán.
admin-save-showtime = Lưu suất chiếu

## Rạp và phòng chiếu
admin-add-cinema-heading = Thêm rạp
admin-add-cinema = Thêm rạp
admin-save-cinema = Lưu rạp
admin-halls = Phòng chiếu
admin-edit-cinema = Sửa rạp
admin-edit-layout = Sửa sơ đồ
admin-hall-line = { $cinema } · { $hall } ({ $count } ghế)
admin-add-hall-heading = Thêm phòng chiếu
admin-add-hall = Thêm phòng chiếu
admin-save-hall = Lưu phòng chiếu
admin-hall-busy = Phòng chiếu này vẫn còn { $count } suất chiếu sắp diễn ra: chỉ đổi được sơ đồ ghế khi các suất này đã kết thúc hoặc bị hủy.

## Những gì BFF báo sau khi gửi biểu mẫu quản trị
admin-fix-fields = Vui lòng sửa các trường được đánh dấu bên dưới.
admin-rating-invalid = Nhập một số từ 0 đến 10, ví dụ 7,5
admin-movie-added = Đã thêm phim { $title }.
admin-cinema-added = Đã thêm rạp { $name }.
admin-saved = Đã lưu { $name }.
admin-hall-added = Đã thêm { $name } với { $rows } hàng ghế.
admin-hall-saved = Đã lưu { $name } với { $rows } hàng ghế.
admin-showtime-added = Đã lên lịch suất chiếu ngày { $date } lúc { $time }.
admin-showtime-saved = Đã lưu: ngày { $date } lúc { $time }.
admin-movie-deleted = Đã xóa phim.
admin-showtime-cancelled = Đã hủy { $label }. Các vé đã đặt của suất chiếu đang được hủy và hoàn tiền, và người đặt sẽ được thông báo.

## Trình vẽ sơ đồ phòng chiếu
layout-brush = Loại ô
layout-standard = Thường
layout-vip = VIP
layout-couple = Ghế đôi
layout-wheelchair = Chỗ xe lăn
layout-companion = Ghế người đi cùng
layout-aisle = Lối đi / khoảng trống
layout-blocked = Khóa ghế
layout-unknown = Không xác định
layout-size = { $rows } hàng × { $columns } cột
layout-add-row = + hàng
layout-remove-row = − hàng
layout-add-column = + cột
layout-remove-column = − cột
layout-screen = Màn hình
layout-cell-aisle = Hàng { $row }, cột { $column }: lối đi
layout-cell-seat = Hàng { $row } ghế { $number }: { $kind }
layout-cell-seat-blocked = Hàng { $row } ghế { $number }: { $kind }, đã khóa
layout-as-text = Sơ đồ dạng văn bản (mỗi dòng một hàng: S V C W P, '.' là lối đi)
layout-blocked-seats = Ghế bị khóa (không bán), ví dụ B5, C7

## Tệp lịch (.ics) của vé đã đặt
calendar-summary = { $title } ({ $format })
calendar-location = { $cinema }, { $hall }
calendar-description = Mã đặt vé { $code }. Ghế { $seats }.
calendar-sign-in = Đăng nhập để tải vé của bạn
calendar-not-found = Không tìm thấy vé đã đặt
calendar-not-confirmed = Vé đặt chưa được xác nhận
calendar-unavailable = Hiện chưa thể tải danh mục phim
calendar-incomplete = Dữ liệu đặt vé không đầy đủ
admin-field-title-in = Tên phim ({ $language })
admin-field-description-in = Mô tả ({ $language })
admin-translation-hint = Để trống thì hiển thị tên tiếng Anh.

## Trang hiển thị khi có lỗi từ phía chúng tôi
panic-title = Đã xảy ra lỗi từ phía chúng tôi
panic-body = Không thể hiển thị trang này. Lỗi không phải do bạn, và không có vé nào được đặt hay thanh toán vì lỗi này. Vui lòng thử lại sau giây lát.
panic-home = Về trang chủ
