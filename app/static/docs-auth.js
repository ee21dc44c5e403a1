// The interactive docs' login: Authorize asks for the email (the token endpoint's
// `username`), hides the OAuth client fields this API doesn't use, and keeps the session
// alive by rotating the refresh token a minute before the access token expires (and once
// more when an answer says the token expired), instead of answering 401 after 15 minutes.
(function () {
  const TOKEN = "/api/v1/auth/token";
  const REFRESH = "/api/v1/auth/refresh";
  const SCHEME = "OAuth2PasswordBearer";
  const realFetch = window.fetch.bind(window);
  let timer = null;

  function relabel() {
    const label = document.querySelector('label[for="oauth_username"]');
    if (label && label.textContent !== "email:") {
      label.textContent = "email:";
      const input = document.getElementById("oauth_username");
      if (input) { input.placeholder = "manager@demo.example"; input.type = "email"; }
    }
  }
  new MutationObserver(relabel).observe(document.documentElement,
                                        {childList: true, subtree: true});

  function keep(pair) {
    sessionStorage.setItem("fsm.refresh_token", pair.refresh_token);
    clearTimeout(timer);
    const wait = Math.max(5, (pair.expires_in || 900) - 60) * 1000;
    timer = setTimeout(renew, wait);
  }

  function swagger() {  // the page's `const ui` (a global binding, not on window)
    return typeof ui !== "undefined" ? ui : window.ui;  // eslint-disable-line no-undef
  }

  async function renew() {
    const refresh = sessionStorage.getItem("fsm.refresh_token");
    if (!refresh || !swagger()) return false;
    const answer = await realFetch(REFRESH, {
      method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({refresh_token: refresh})});
    if (!answer.ok) { sessionStorage.removeItem("fsm.refresh_token"); return false; }
    const pair = await answer.json();
    keep(pair);
    const current = swagger().getState().getIn(["auth", "authorized", SCHEME]);
    const auth = current ? current.toJS() : {name: SCHEME, schema: {}};
    swagger().authActions.authorizeOauth2({auth: auth, token: pair});
    return pair.access_token;
  }

  window.fsmDocs = {renew: renew};  // for the browser check (tests/browser/docs_login.py)

  window.fetch = async function (input, init) {
    const url = typeof input === "string" ? input : input.url;
    const answer = await realFetch(input, init);
    if (answer.ok && (url.endsWith(TOKEN) || url.endsWith(REFRESH))) {
      answer.clone().json().then(keep).catch(() => {});
    } else if (answer.status === 401 && !url.endsWith(TOKEN) && !url.endsWith(REFRESH)
               && /expired/.test(answer.headers.get("WWW-Authenticate") || "")) {
      const token = await renew();
      if (token) {
        const headers = new Headers((init && init.headers) || {});
        headers.set("Authorization", "Bearer " + token);
        return realFetch(input, Object.assign({}, init, {headers: headers}));
      }
    }
    return answer;
  };
})();
