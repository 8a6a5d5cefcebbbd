// The navbar's sign-out form (dashboard/account_menu.py) is a POST checked by Flask-SeaSurf:
// add its CSRF token from the CSRF cookie as the form is sent, as Dash's renderer does for
// every callback, so the token is never written into a callback's answer.
document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("sign-out-form")) {
        return;
    }
    var match = document.cookie.match(/(?:^|;\s*)_csrf_token=([^;]*)/);
    var token = form.querySelector("input[name='_csrf_token']");
    if (!token) {
        token = document.createElement("input");
        token.type = "hidden";
        token.name = "_csrf_token";
        form.appendChild(token);
    }
    token.value = match ? decodeURIComponent(match[1]) : "";
}, true);
