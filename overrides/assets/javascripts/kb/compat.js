/* TEMPORARY (removed when the build-time data lands): the flow data as the
   contract of issue 12 describes it, made from the older data. */

const STRINGS = {
  step_n: "Étape {n}", step_outcome: "Votre solution",
  live_question: "Question\u00a0: {title}", live_outcome: "Solution\u00a0: {title}",
  guide_changed: "Ce guide a changé depuis que ce lien a été créé\u00a0: reprenez à partir d’ici.",
  checklist_resolved: "Résolu", checklist_stuck: "Toujours bloqué",
  today: "aujourd’hui", tomorrow: "demain",
  chat_open: "Chat ouvert jusqu’à {hour} (heure de Paris).", chat_closed: "Chat fermé.",
  chat_reopens: "Chat fermé, reprise {day} à {hour}.", hours_example: "(Horaires d’exemple.)",
  reply_due: "{min}–{max}\u00a0h ouvrées\u00a0: réponse attendue d’ici {when}.",
  feedback_question: "Cela vous a-t-il aidé\u00a0?", feedback_yes: "Oui", feedback_no: "Non",
  feedback_thanks: "Merci\u00a0!", feedback_sorry: "Merci. Vous pouvez recommencer le parcours ou nous contacter.",
  ticket_title: "Préparez votre demande",
  ticket_intro_text: "Remplissez ce que vous savez. Rien ne quitte votre appareil avant que vous cliquiez sur un bouton d’envoi.",
  ticket_required: "{label} (obligatoire)", ticket_choose: "Choisir",
  ticket_attach_legend: "À joindre à votre demande",
  ticket_attach_hint: "Masquez les données sensibles non requises (numéro complet de carte, autres opérations).",
  ticket_subject_label: "Objet\u00a0: ", ticket_message_label: "Message",
  ticket_open_chat: "Ouvrir le chat en direct", ticket_open_form: "Ouvrir le formulaire",
  ticket_write_email: "Écrire l’e-mail", ticket_write_email_also: "Écrire par e-mail",
  ticket_copy: "Copier la demande", ticket_copied: "Demande copiée. Collez-la dans le chat ou l’e-mail.",
  ticket_copy_failed: "Copie impossible\u00a0: sélectionnez le message ci-dessus et copiez-le.",
  ticket_download: "Télécharger une copie (.txt)", ticket_downloaded: "Copie téléchargée. Gardez une copie de vos échanges.",
  ticket_file: "Objet\u00a0: {subject}",
  ticket_greeting: "Bonjour,", ticket_about: "{outcome} (parcours « {flow} »).", ticket_context: "Contexte\u00a0:",
  ticket_line: "{label}\u00a0: {value}", ticket_heading: "{label}\u00a0:", ticket_tried: "Étapes déjà tentées\u00a0:",
  ticket_attachments: "Pièces jointes\u00a0:", ticket_thanks: "Merci de votre aide.",
  error_required: "Ce champ est obligatoire.",
  error_password: "N’envoyez pas de mot de passe en clair\u00a0: le support ne vous le demandera jamais.",
  error_email: "Indiquez une adresse e-mail complète, par exemple nom@exemple.fr.",
  error_date: "Indiquez une date au format jj/mm/aaaa.", error_date_future: "La date ne peut pas être dans le futur.",
  error_amount: "Indiquez un montant en chiffres, par exemple 50 ou 49,90.",
  deflect_title: "Ces pages peuvent résoudre votre problème\u00a0:",
  menu: "Menu", search_dialog: "Rechercher dans le centre d’aide"
};
const ROLES = { description: "free-text", etapes: "steps" };

function lc(text) { return text.charAt(0).toLowerCase() + text.slice(1); }

export function upgrade(data) {
  if (data.strings) return data;
  data.strings = STRINGS;
  data.legacy = true;
  data.placeholder = "\\{([^{}]*)\\}";
  data.timezone = data.timezone || "Europe/Paris";
  for (const node of Object.values(data.nodes)) {
    if (node.type === "question") {
      node.answers = node.answers.map((a, i) => Object.assign({}, a, { id: String(i), trail: node.text + " " + a.label }));
    } else if (node.type === "checklist") {
      node.answers = [["resolu", node.resolved_target, STRINGS.checklist_resolved], ["bloque", node.next_target, STRINGS.checklist_stuck]]
        .map(([id, target, label]) => ({ id, target, label, set: {}, trail: node.title + " " + label }));
    }
  }
  for (const [id, field] of Object.entries(data.fields)) field.role = ROLES[id] || null;
  for (const channel of Object.values(data.channels)) {
    const fb = channel.fallback ? data.channels[channel.fallback] : null;
    channel.card = {
      title: "Canal recommandé\u00a0: " + channel.name, purpose: channel.purpose,
      delay: "Délai indicatif\u00a0: " + lc(channel.delay) + ".",
      fallback: fb ? "En attendant, écrivez par " + fb.name.toLowerCase() + "\u00a0: un agent reprendra votre demande." : null
    };
  }
  return data;
}
