// A small flow in the shape of the build-time data (kb_tools render.browser_data,
// contract of issue 12): a question, a checklist, outcomes.
const target = (node, tree = "retrait") => ({ tree, node, anchor: tree + "--" + node });
// `said`: every answer but « Carte » says something (the first-person sentence of the request)
const answer = (id, label, node, set = {}, tree = "retrait") => ({ id, label, set, target: target(node, tree), trail: "Q : " + label,
  said: label === "Carte" ? null : "SAID " + label });

export function flowData() {
  return {
    id: "retrait", title: "Retrait en attente", category: "paiements", start: "methode",
    anchor_prefix: "retrait--", timezone: "Europe/Paris", legacy: true, placeholder: "\\{([^{}]*)\\}",
    segment: "\\[([^\\[\\]]*)\\]",
    strings: { ticket_hello: "HELLO", ticket_field_line: "{label}: {value}", ticket_field_block: "{label}:",
      ticket_description: "DESCRIPTION", ticket_checked: "CHECKED", ticket_attachments: "ATTACHED",
      ticket_earlier: "EARLIER {value}", ticket_thanks: "THANKS", amount: "{value}\u00a0€" },
    nodes: {
      methode: { id: "methode", type: "question", text: "Q", answers: [
        answer("carte", "Carte", "delai", { methode: "Carte bancaire" }),
        answer("virement", "Virement", "delai", { methode: "Virement" }),
        answer("kyc", "KYC", "start", {}, "kyc")] },
      delai: { id: "delai", type: "checklist", title: "Vérifiez", answers: [
        answer("resolu", "Résolu", "fini"), answer("bloque", "Toujours bloqué", "email")] },
      fini: { id: "fini", type: "outcome", title: "Réglé", channel: "faq", urgency: "normal", ticket: null },
      email: { id: "email", type: "outcome", title: "Écrivez-nous", channel: "email", urgency: "normal",
        ticket: { subject: "Retrait[ du {date}][ ({montant})]",
          request: "Mon retrait[ par {methode}][ du {date}][ ({montant})] est en attente\u00a0; je demande son traitement.",
          fields: ["email", "date", "montant", "methode", "description", "etapes", "ticket"],
          attachments: [{ label: "Relevé", when: null }, { label: "RIB", when: { methode: ["Virement"] } }], warnings: [] } }
    },
    channels: {},
    fields: {
      email: { label: "E-mail", type: "email", required: true, role: null, sensitive: true },
      date: { label: "Date", type: "date", required: true, role: null, sensitive: false },
      montant: { label: "Montant", type: "amount", role: null, sensitive: false },
      methode: { label: "Méthode", type: "choice", options: ["Carte bancaire", "Virement"], role: null, sensitive: false },
      ticket: { label: "Référence", type: "text", role: "earlier-ticket", sensitive: false },
      description: { label: "Ce qui se passe", type: "textarea", role: "free-text", sensitive: false },
      etapes: { label: "Déjà essayé", type: "textarea", role: "steps", sensitive: false }
    }
  };
}
