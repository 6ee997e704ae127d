"""The Chinese texts of the messages, keyed by template code."""

TEXTS = {
    "letter_issued": (
        "【{insurer}】您的安全生产责任保险已出函，保单号{policy_number}，"
        "可登录企业端下载电子保单。"
    ),
    "quote_ready": "【{insurer}】您的投保订单{order_number}已报价，请登录企业端确认。",
    "payment_notice": (
        "【{insurer}】您的投保订单{order_number}已上传付款通知书，请按通知书付款。"
    ),
    "payment_rejected": (
        "【{insurer}】您的投保订单{order_number}付款审核未通过：{reason}。"
        "请登录企业端重新上传付款凭证。"
    ),
    "organization_assigned": (
        "【{insurer}】保单{policy_number}（{enterprise}）已指定贵机构提供事故预防服务，"
        "请登录服务机构端查看。"
    ),
}


def render(template: str, params: dict) -> str:
    """Return the text of ``template`` filled with ``params``."""
    return TEXTS[template].format(**params)
