import account from "./account.json" with { type: "json" };
import common from "./common.json" with { type: "json" };
import errors from "./errors.json" with { type: "json" };
import family from "./family.json" with { type: "json" };
import integrations from "./integrations.json" with { type: "json" };
import jobs from "./jobs.json" with { type: "json" };
import mail from "./mail.json" with { type: "json" };
import onboarding from "./onboarding.json" with { type: "json" };
import operator from "./operator.json" with { type: "json" };
import pages from "./pages.json" with { type: "json" };
import support from "./support.json" with { type: "json" };
import validation from "./validation.json" with { type: "json" };

const messages = { account, common, errors, family, integrations, jobs, mail, onboarding, operator, pages, support, validation };

export default messages;
