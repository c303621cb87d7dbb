/** A portal customer (base.group_portal only), zh_CN, Shanghai time: from /my opens Service Requests,
 * submits a request with an attached file on the portal form, sees it registered and answers in its
 * chatter, then finds it in the list. Selectors name links, fields and classes, never translated text
 * (the texts typed in are data of the test). */
import { registry } from "@web/core/registry";

/** Sets a file on a file input as a user choosing it would. */
function setFile(input, name, text) {
    const file = new File([new TextEncoder().encode(text)], name, { type: "text/plain" });
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(file);
    input.files = dataTransfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("cs_portal_request_tour", {
    url: "/my",
    steps: () => [
        { trigger: "a[href='/my/service-requests']", run: "click", expectUnloadPage: true },
        { trigger: ".o_cs_portal_new_request", run: "click", expectUnloadPage: true },
        { trigger: ".o_cs_portal_request_form select[name=request_type]", run: "select request" },
        { trigger: ".o_cs_portal_request_form input[name=subject]", run: "edit 春茶陈列架" },
        {
            trigger: ".o_cs_portal_request_form textarea[name=description]",
            run: "edit 15日前需要一个白色陈列架。",
        },
        {
            trigger: ".o_cs_portal_request_form input[name=attachments]",
            run() {
                setFile(this.anchor, "shelf.txt", "2 m x 1 m");
            },
        },
        { trigger: ".o_cs_portal_submit", run: "click", expectUnloadPage: true },
        // the request page: its reference and what was asked and the attached file in the chatter
        { trigger: ".o_cs_portal_request .o_cs_portal_reference:not(:empty)" },
        { trigger: ".o_cs_portal_request:contains(春茶陈列架)" },
        // the chatter's assets may be built on this first visit: give it time
        { trigger: "#chatterRoot:shadow .o-mail-Composer-input", timeout: 40000 },
        { trigger: "#chatterRoot:shadow .o-mail-AttachmentContainer[title='shelf.txt']" },
        // the customer answers in the chatter
        { trigger: "#chatterRoot:shadow .o-mail-Composer-input", run: "edit 陈列架请用白色。" },
        { trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled", run: "click" },
        { trigger: "#chatterRoot:shadow .o-mail-Message-body:contains(陈列架请用白色)" },
        // and follows it from the list
        { trigger: "a.o_cs_portal_back[href='/my/service-requests']", run: "click", expectUnloadPage: true },
        { trigger: ".o_cs_portal_row:contains(春茶陈列架)" },
    ],
});
