def test_sign_in_page_is_chinese(client):
    html = client.get("/auth/login").get_data(as_text=True)
    assert "登录" in html
