"""Response headers that neither Django nor django-csp set."""

# Every powerful browser feature is switched off: no page needs a camera, a position or a
# payment. Only features Chromium knows are named, so the header logs no console warnings.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy and Cross-Origin-Resource-Policy to every response.

    The rest (Content-Security-Policy, X-Content-Type-Options, Referrer-Policy,
    Cross-Origin-Opener-Policy, X-Frame-Options, HSTS) come from django-csp and Django's own
    middleware, configured in settings.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Nothing of ours is meant to be embedded by another site.
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
