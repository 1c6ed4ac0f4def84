// After django-otp-webauthn adds a passkey, go on: the server then shows recovery
// codes for a first second step, or the list of ways to sign in.
document.addEventListener("otp_webauthn.register_complete", function () {
  document.getElementById("after-passkey").submit();
});
