from tests.demo_site import DEMO, PUBLISHED
def test_probe(browser, live_server):
    ctx = browser.new_context(viewport={"width": 320, "height": 640}, base_url=live_server.url)
    page = ctx.new_page()
    page.goto("/help?lang=en")
    print(page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent||'').slice(0,40))"""))
