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
nav-skip = Bỏ qua đến nội dung
nav-menu = Menu
nav-main = Chính
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

## Thông báo về vé đã đặt (trong ứng dụng và qua email)
notice-booking_confirmed-subject = Vé của bạn: mã đặt vé { $code }
notice-booking_confirmed-message = Đặt vé { $code } đã được xác nhận: ghế { $seats }, đã thanh toán { $total }. Vui lòng xuất trình vé điện tử tại rạp.
notice-booking_seats_cancelled-subject = Vé mới của bạn: mã đặt vé { $code }
notice-booking_seats_cancelled-message = Ghế { $released } của mã đặt vé { $code } đã được huỷ và { $refund } đang được hoàn lại. Vé điện tử mới của bạn dành cho ghế { $seats }; vé trước đó không còn giá trị vào cửa.
notice-booking_cancelled-subject = { $by_cinema ->
    [yes] Suất chiếu của bạn đã bị huỷ: mã đặt vé { $code }
   *[no] Đặt vé { $code } đã được huỷ
}
notice-booking_cancelled-message = { $by_cinema ->
    [yes] Rất xin lỗi quý khách: rạp đã huỷ suất chiếu của mã đặt vé { $code } (ghế { $seats }).{ $paid ->
        [yes] {" "}Khoản thanh toán của bạn đang được hoàn lại toàn bộ.
       *[no] {""}
    }
   *[no] Đặt vé { $code } đã được huỷ và các ghế { $seats } đã được mở bán lại.{ $paid ->
        [yes] {" "}Khoản thanh toán của bạn đang được hoàn lại.
       *[no] {""}
    }
}
notice-booking_expired-subject = Đặt vé { $code } đã hết hạn
notice-booking_expired-message = Đặt vé { $code } không được thanh toán kịp thời, nên các ghế { $seats } đã được mở bán lại.
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
email-signature = Marquee
