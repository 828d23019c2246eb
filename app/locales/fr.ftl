# Les pages de Vigie en français. Chaque message a son jumeau anglais dans
# en.ftl (un test vérifie que les deux ont les mêmes identifiants).

app-tagline = La vitalité de vos communautés open source
nav-label = Pages
nav-summary = Synthèse
nav-repositories = Dépôts
nav-sources = Sources
lang-switch-label = Langue
skip-link = Aller au contenu
loading = Chargement…
error-data = Le tableau de bord n’a pas pu lire ses données. Le journal du serveur donne le détail.
not-found-title = Page introuvable
not-found-text = Il n’y a pas de page à cette adresse.
not-found-home = Retour à la synthèse
empty-title = Rien n’a encore été collecté
empty-text = La base ne contient aucun dépôt. Lancez « vigie ingest » et lisez son résumé : une source injoignable y est nommée.

# Le filtre
filter-legend = Filtre
filter-repositories = Dépôts
filter-groups = Groupes
filter-from = Du
filter-to = Au
filter-period = Période
filter-bots = Inclure les robots
filter-apply = Appliquer
filter-reset = Réinitialiser
period-month = par mois
period-quarter = par trimestre
period-year = par année
quarter-label = T{ $quarter } { $year }
scope-all-repositories = { $count ->
    [one] l’unique dépôt
   *[other] les { $count_text } dépôts
}
scope-group = groupe { $name }
scope-all-time = toute la période
scope-since = depuis { $from }
scope-until = jusqu’à { $to }
scope-between = de { $from } à { $to }
scope-bots-in = robots inclus
scope-bots-out = robots exclus
scope-label = Affichage :
notice-not-a-month = « { $value } » n’est pas un mois (attendu : AAAA-MM) ; ignoré.
notice-not-a-period = « { $value } » n’est pas une période (month, quarter ou year) ; la période suit la durée affichée.
notice-reversed = Les dates étaient inversées ; elles ont été remises dans l’ordre.
notice-unknown-repository = Aucun dépôt nommé « { $name } » n’est enregistré ; ignoré.
notice-unknown-group = Aucun groupe nommé « { $name } » n’est configuré ; ignoré.
notice-outside-the-data = Aucune activité dans cette période : les données de ce périmètre vont du { $first } au { $latest }.
scope-data-until = données jusqu’au { $date }
period-auto = selon la durée affichée
period-partial = { $period } (en cours)
chart-partial-period = La période { $period } est en cours (chiffres jusqu’au { $date }) : elle figure dans le tableau, pas sur le graphique.

# Synthèse
summary-title = Synthèse
summary-period = Chiffres de { $period }, chacun comparé à la même période un an plus tôt.
summary-no-activity = Aucune activité dans ce périmètre et cette période.
headline-active = Contributeurs actifs
headline-new = Nouveaux contributeurs
headline-organisations = Organisations impliquées
headline-bus-factor = Facteur bus
headline-response = Première réponse (médiane)
headline-repositories = Dépôts entretenus
year-before = Un an plus tôt : { $value }
sentence-active = { $count ->
    [one] { $value } contributeur actif en { $period }.
   *[other] { $value } contributeurs actifs en { $period }.
}
sentence-new = { $count ->
    [one] { $value } nouveau contributeur en { $period }.
   *[other] { $value } nouveaux contributeurs en { $period }.
}
sentence-organisations = { $count ->
    [one] { $value } organisation impliquée en { $period }.
   *[other] { $value } organisations impliquées en { $period }.
}
sentence-bus-factor = { $count ->
    [one] Une seule personne a fait la moitié des contributions des 12 derniers mois.
   *[other] { $value } personnes ont fait la moitié des contributions des 12 derniers mois.
}
sentence-response = Les tickets et demandes de fusion ouverts en { $period } ont reçu une première réponse en { $value } (médiane).
sentence-repositories = { $count ->
    [one] { $value } dépôt a reçu des contributions en { $period }.
   *[other] { $value } dépôts ont reçu des contributions en { $period }.
}
sentence-no-forge = Délais de réponse inconnus : aucune donnée de forge n’est collectée pour ce périmètre.
sentence-no-contribution = Aucune contribution en { $period }.
change-nothing-before = Rien à comparer un an plus tôt.
change-same = Comme un an plus tôt.
change-from-zero = Aucun un an plus tôt.
change-more = { $percent } de plus qu’un an plus tôt.
change-fewer = { $percent } de moins qu’un an plus tôt.
change-higher = { $percent } plus élevé qu’un an plus tôt.
change-lower = { $percent } plus bas qu’un an plus tôt.
change-slower = { $percent } plus lent qu’un an plus tôt.
change-faster = { $percent } plus rapide qu’un an plus tôt.
duration-hours = { $count ->
    [one] { $count_text } heure
   *[other] { $count_text } heures
}
duration-days = { $count ->
    [one] { $count_text } jour
   *[other] { $count_text } jours
}
duration-days-decimal = { $days } j
chart-contributors-title = Contributeurs actifs et nouveaux
chart-contributors-caption = Actifs : au moins une contribution dans la période. Nouveaux : première contribution dans ce périmètre.
chart-factors-title = Facteur bus et facteur éléphant, sur { $count_text } mois glissants
chart-factors-caption = Facteur bus : le moins de personnes ayant fait la moitié des contributions. Facteur éléphant : le moins d’organisations.
chart-response-title = Délai de première réponse (médiane)
chart-response-caption = Tickets et demandes de fusion selon leur période d’ouverture ; ceux des nouveaux venus à part.
series-active = contributeurs actifs
series-new = nouveaux contributeurs
series-bus-factor = facteur bus
series-elephant-factor = facteur éléphant
series-all-items = tous
series-newcomers-items = nouveaux venus
axis-contributors = contributeurs
axis-people-or-organisations = personnes ou organisations
axis-days = jours
column-period = Période
chart-numbers = Les chiffres
download-svg = SVG
download-png = PNG
download-csv = CSV
download-label = Télécharger

# Dépôts
repositories-title = Dépôts
repositories-caption = Chaque dépôt suivi et sa santé
repositories-no-forge-columns = Les tickets et demandes de fusion ouverts, la première réponse et le langage demandent des données de forge (GitHub ou GitLab), non collectées pour ces dépôts : leurs colonnes sont omises.
repository-forge-facts = Tickets, demandes de fusion, versions, langage, licence
repository-no-forge-data = Aucune donnée de forge : ce dépôt n’est lu que dans son historique git. Une source GitHub ou GitLab les ajoute.
repositories-shown = { $count ->
    [one] { $count_text } dépôt affiché
   *[other] { $count_text } dépôts affichés
}
catalogue-status = État
catalogue-counts = Dépôts par état
catalogue-all-statuses = Tous les états
catalogue-language = Langage
catalogue-all-languages = Tous les langages
catalogue-hide-archived = Masquer les archivés
catalogue-sort = Trier par
catalogue-desc = Décroissant
column-repository = Dépôt
column-status = État
column-last-activity = Dernière activité
column-active-90 = Actifs (90 jours)
column-bus-factor = Facteur bus
column-open-issues = Tickets ouverts
column-open-prs = Demandes de fusion ouvertes
column-median-response = Première réponse (médiane)
column-language = Langage
column-reasons = Pourquoi
status-green = Vert
status-amber = Orange
status-red = Rouge
status-archived = Archivé
reason-no-activity = Aucune activité enregistrée.
reason-quiet = { $count ->
    [one] Aucune activité depuis { $count_text } mois.
   *[other] Aucune activité depuis { $count_text } mois.
}
reason-single-person = Une seule personne a fait la moitié des contributions des 12 derniers mois.
reason-slow-response = Les tickets et demandes de fusion attendent { $days } jours une première réponse (médiane).
reason-no-release = { $count ->
    [one] Aucune version publiée le mois dernier.
   *[other] Aucune version publiée depuis { $count_text } mois.
}

# Fédération
nav-federation = Fédération
federation-title = Fédération
federation-intro = Pour des communautés trop grandes pour la base de ce tableau de bord (une fédération d’OSPO, un catalogue national) : des chiffres calculés sur un lac Parquet par « vigie lake metrics », avec polars sur une machine ou Apache Spark sur une grappe, selon les définitions du tableau de bord. Les robots sont écartés.
federation-none = Aucun chiffre de lac n’a encore été chargé. Écrivez un lac depuis cette base, ou rassemblez-en plusieurs, puis calculez ses chiffres sur cette machine ou sur une grappe Spark :
federation-no-such-run = Aucun calcul numéro { $run } n’est conservé ; le dernier est affiché.
federation-about = { $count ->
    [one] Lac « { $lake } », calculé par { $engine } en { $seconds } s et chargé le { $date } : un chiffre.
   *[other] Lac « { $lake } », calculé par { $engine } en { $seconds } s et chargé le { $date } : { $count_text } chiffres.
}
federation-engine-polars = polars (cette machine)
federation-engine-spark = Apache Spark
federation-period = Les comptes portent sur { $month }, dernier mois complet du lac (ou les 12 mois qui s’y terminent), comparés à un an plus tôt ; les facteurs sur { $year }. Le statut des contributeurs est pris à la dernière activité de chaque dépôt.
federation-no-activity = Ce lac n’a aucune activité : il n’y a rien à compter.
federation-figures-label = Tous les dépôts ensemble
federation-headline-contributions = Contributions
federation-sentence-contributions = { $count ->
    [one] { $value } contribution en { $period }.
   *[other] { $value } contributions en { $period }.
}
federation-sentence-bus-factor = { $count ->
    [one] Une seule personne a fait la moitié des contributions de { $period }.
   *[other] { $value } personnes ont fait la moitié des contributions de { $period }.
}
federation-headline-elephant = Facteur éléphant
federation-sentence-elephant = { $count ->
    [one] Une seule organisation a fait la moitié des contributions d’organisation connue en { $period }.
   *[other] { $value } organisations ont fait la moitié des contributions d’organisation connue en { $period }.
}
federation-elephant-unknown = Inconnu : aucune contribution de { $period } dans le lac n’a d’organisation connue.
federation-chart-title = Contributeurs actifs et nouveaux par mois, tous les dépôts
federation-chart-caption = Les contributeurs ayant au moins une contribution dans le mois, et ceux dont c’était la première.
federation-chart-caption-partial = Les contributeurs ayant au moins une contribution dans le mois, et ceux dont c’était la première. Le mois de { $period } est compté jusqu’à la dernière activité du lac : il figure dans le tableau, pas sur le graphique.
federation-more = { $count ->
    [one] Le lac a un seul dépôt.
   *[other] Les { $shown } dépôts aux contributions les plus nombreuses sont affichés, sur { $count_text } ; le fichier CSV les contient tous.
}
federation-repositories-caption = Chaque dépôt
federation-column-contributions = Contributions, 12 mois
federation-column-active-contributors = Contributeurs actifs
federation-column-new-contributors = Nouveaux contributeurs, 12 mois
federation-column-elephant-factor = Facteur éléphant
federation-column-active = Actifs
federation-column-drifting = En retrait
federation-column-away = Absents
federation-runs-caption = Calculs conservés (un nouveau calcul d’un lac par le même moteur remplace le précédent)
federation-run-shown = { $run } (affiché)
federation-column-run = Calcul
federation-column-lake = Lac
federation-column-engine = Moteur
federation-column-loaded = Chargé le
federation-column-seconds = Secondes
federation-column-figures = Chiffres

# Sources
sources-title = Sources
sources-caption = Chaque source : ce qu’elle a apporté et quand
sources-none = Aucune source n’a encore été collectée.
runs-caption = Les { $count_text } dernières collectes
errors-caption = Les { $count_text } dernières erreurs
column-source = Source
column-repositories = Dépôts
column-last-update = Dernière mise à jour
column-activities = Activités
column-latest-activity = Données jusqu’au
column-errors = Erreurs
column-run = Collecte
column-started = Début
column-finished = Fin
column-items-added = Éléments ajoutés
column-when = Quand
column-message = Message
run-ok = terminée
run-partial = partielle
run-running = en cours
run-failed = échouée
run-stopped = arrêtée (serveur arrêté)
run-interrupted = interrompue (processus tué)

## Community page
nav-community = Communauté
community-title = Communauté
community-no-forge-data = Le délai de première réponse et le stock en attente demandent les tickets et demandes de fusion : ajoutez une source GitHub ou GitLab pour les voir.
chart-new-departed-title = Contributeurs arrivés et partis
chart-new-departed-caption = Partis : dernière contribution dans la période, et aucune depuis plus longtemps que le seuil « absent ». Les dernières périodes restent vides : il est trop tôt pour savoir qui est parti.
chart-funnel-title = Entonnoir d’accueil
chart-funnel-caption = Les nouveaux venus de la période affichée, combien sont revenus, combien sont devenus réguliers.
funnel-newcomers = Nouveaux venus
funnel-returned = Revenus sous { $days_text } jours
funnel-regular = { $count_text } contributions ou plus en { $months_text } mois
chart-conversion-title = Fidélisation des nouveaux venus
chart-conversion-caption = Parmi les nouveaux venus de chaque période, la part revenue et la part devenue régulière. Les plus récents n’en ont pas encore eu le temps.
chart-conversion-few = Une part calculée sur moins de { $count } nouveaux venus n’est pas tracée ; le tableau donne tous les effectifs.
chart-cohorts-title = Rétention par cohorte
chart-cohorts-caption = Chaque ligne réunit les contributeurs arrivés ce mois-là (leur nombre entre parenthèses ; un mois sans nouveau venu laisse une ligne vide) ; chaque case, la part d’entre eux qui a contribué tant de mois plus tard. Plus foncé, c’est plus.
chart-structure-title = Structure de la communauté
chart-structure-caption = Cœur : le moins de personnes ayant fait 80 % des contributions de la période. Réguliers : les suivants, jusqu’à 95 %. Occasionnels : tous les autres.
chart-backlog-title = Stock en attente
chart-backlog-caption = Tickets et demandes de fusion encore ouverts à la fin de chaque période.
series-departed = contributeurs partis
series-returned = revenus
series-regular = devenus réguliers
series-core = cœur
series-regular-layer = réguliers
series-casual = occasionnels
series-open-issues = tickets ouverts
series-open-prs = demandes de fusion ouvertes
axis-percent = % des nouveaux venus
axis-items = tickets ou demandes
axis-cohort = Première contribution
axis-months-after-first = Mois après la première contribution
column-step = Étape
column-share-of-newcomers = Part des nouveaux venus
column-cohort-size = Contributeurs

## Contributors pages
nav-contributors = Contributeurs
contributors-title = Contributeurs
contributors-caption = Contributeurs
contributors-by-status = Contributeurs par statut
contributors-everyone = Tous
contributors-find = Trouver des contributeurs
contributors-search = Nom, courriel ou organisation
contributors-min = Au moins tant de contributions
contributors-reverse = Ordre inverse
contributors-shown = { $count ->
    [one] { $count_text } contributeur correspond
   *[other] { $count_text } contributeurs correspondent
}
pages-label = Pages du tableau
pages-previous = Précédente
pages-next = Suivante
pages-of = Page { $page } sur { $pages }
contributor-status-new = Nouveau
contributor-status-active = Actif
contributor-status-drifting = En retrait
contributor-status-away = Absent
contributor-status-inactive = Inactif
contributor-inactive-note = { $count ->
    [one] En retrait ou absent après { $count_text } contribution ou plus : quelqu’un à recontacter.
   *[other] En retrait ou absent après { $count_text } contributions ou plus : quelqu’un à recontacter.
}
column-contributor = Contributeur
column-organisation = Organisation
column-first-activity = Première activité
column-contributions = Contributions
column-main-repositories = Dépôts principaux
organisation-none = Aucune connue
contributor-title = Contributeur
contributor-missing = Aucun contributeur de ce numéro n’a contribué dans les dépôts et la période choisis.
contributor-back = Tous les contributeurs
contributor-repositories-caption = Où il ou elle a contribué
chart-activity-title = Contributions dans le temps
chart-activity-caption = Ses contributions de chaque période, par nature.
series-commits = commits
series-issues-prs = tickets et demandes de fusion
series-reviews-comments = relectures et commentaires
series-releases = versions publiées
axis-contributions = contributions

## Repository page
repository-title = Dépôt
repository-missing = Aucun dépôt suivi ne porte ce nom.
repository-back = Tous les dépôts
column-active-12-months = Actifs (12 mois)
column-releases-12-months = Versions (12 mois)
column-last-release = Dernière version
column-licence = Licence
column-archived = Archivé
yes = oui
no = non

sign-in = Se connecter
sign-out = Se déconnecter
sign-in-title = Connexion
sign-in-why = Les animateurs de communauté et les administrateurs se connectent pour voir les contributeurs nommément. Les autres pages sont ouvertes à tous.
sign-in-name = Compte
sign-in-password = Mot de passe
sign-in-submit = Se connecter
sign-in-wrong = Le compte ou le mot de passe est incorrect.
sign-in-limited = Trop de tentatives échouées : attendez 15 minutes avant de réessayer.
sign-in-required = Cette page nomme des contributeurs : connectez-vous en tant qu’animateur de communauté pour la voir.
signed-in-as = Vous êtes connecté en tant que { $name }.

refresh-now = Actualiser maintenant
refresh-started = Une collecte a commencé : cette page l’indique en cours jusqu’à sa fin.
refresh-running = Une collecte est déjà en cours.
refresh-stopping = Le serveur s’arrête : aucune collecte n’a été lancée.

nav-admin = Administration
admin-title = Administration
admin-required = Cette page est réservée aux administrateurs.
admin-sign-in-required = Cette page est réservée aux administrateurs : connectez-vous en tant qu’administrateur pour la voir.
admin-sources = Sources
admin-config-file = Les sources, identités et affiliations sont conservées dans { $file } et le fichier des identités ; les changements faits ici y sont écrits et s’appliquent aussitôt.
admin-add-source = Ajouter une source
admin-source-kind = Type
admin-kind-git = Dépôt Git (URL ou chemin sur le serveur)
admin-kind-git-log = Fichier ou dossier git-log de Perceval (chemin sur le serveur)
admin-kind-github = Organisation GitHub (jeton lu dans GITHUB_TOKEN)
admin-kind-gitlab = Groupe GitLab (jeton lu dans GITLAB_TOKEN)
admin-source-value = Adresse, chemin, organisation ou groupe
admin-source-every = Lire toutes les (ex. 30m, 6h, 1d ; vide : selon le calendrier)
admin-add = Ajouter
admin-identities = Identités
admin-no-duplicates = Aucun doublon probable.
admin-duplicates-why = Ces identités se ressemblent. Indiquez si chaque groupe est une seule personne : la décision est écrite dans le fichier des identités.
admin-same = Même personne
admin-different = Personnes différentes
admin-affiliations = Affiliations
admin-unknown-domains = Domaines de messagerie sans règle
admin-domain-label = { $domain } ({ $count } contributions) : organisation
admin-organisation = Organisation
admin-add-rule = Ajouter la règle
admin-done-source = La source a été ajoutée ; elle sera lue à la prochaine collecte (ou utilisez Actualiser maintenant).
admin-done-same = Enregistré : une seule personne. Les contributeurs ont été recalculés.
admin-done-different = Enregistré : personnes différentes. Elles ne seront plus proposées.
admin-done-rule = La règle a été ajoutée ; les pages l’utilisent dès maintenant.
admin-done-later = Enregistré ; une collecte est en cours, la décision s’appliquera à sa fin.
admin-error-kind = Type de source inconnu.
admin-error-value = Cette valeur ne peut pas être une source de ce type.
admin-error-every = L’intervalle est un nombre suivi d’une unité (s, m, h, d), par exemple 30m ou 6h.
admin-error-organisation = Une organisation compte de 1 à 120 caractères imprimables.
admin-error-domain = Ce n’est pas un domaine de messagerie, ou il a déjà une règle.
admin-error-config = Le fichier de configuration n’a pas pu être modifié : voir le journal du serveur.
admin-error-emails = Une décision porte sur au moins deux adresses.
admin-sources-caption = Les sources configurées
admin-column-kind = Type
admin-column-what = Quoi
admin-column-every = Lue toutes les
admin-every-off = seulement à la main
admin-rules-caption = Règles d’affiliation
admin-column-domain = Domaine de messagerie
admin-column-organisation = Organisation
admin-column-from = Du
admin-column-to = Au
admin-why-name = Même nom, contributeurs distincts jusqu’ici :
admin-why-email = Une adresse, plusieurs noms ({ $email }) :
admin-shared = Plusieurs personnes utilisent cette adresse
admin-done-shared = Enregistré : plusieurs personnes utilisent cette adresse. Elle ne sert plus à les regrouper.
refresh-nothing = Aucune source n’est configurée : ajoutez-en une depuis la page d’administration.

## Qui est compté : robots écartés, identités regroupées, organisations inconnues
bots-left-out = { $count ->
    [one] Un compte est écarté comme robot.
   *[other] { $count_text } comptes sont écartés comme robots.
}
bots-left-out-which = Lesquels, et pourquoi
contributors-bots-title = Écartés comme robots
contributors-bots-why = Ces comptes sont tenus pour des robots : aucun chiffre ne les compte. Un administrateur peut indiquer que l’un d’eux n’est pas un robot depuis la page d’administration.
contributors-bots-caption = Comptes écartés comme robots
column-account = Compte
column-emails = Adresses électroniques
column-accounts = Comptes de forge
column-bot-reason = Pourquoi un robot
contributor-generic = { $name } (compte générique)
contributor-identities-caption = Toutes les identités regroupées sous ce contributeur
column-name = Nom
column-email = Adresse électronique
column-login = Identifiant
column-merged-by = Regroupée par
column-activities-recorded = Activités (tous dépôts, toutes dates)
kind-generic-note = Un compte générique : une adresse de machine ou de service partagée (root, admin…) que plusieurs personnes peuvent utiliser. Il n’est jamais regroupé avec personne.
kind-bot-note = Tenu pour un robot, donc écarté des chiffres.
rule-same-email = la même adresse électronique
rule-github-noreply = l’adresse sans réponse GitHub du compte
rule-forge-login = le même compte de forge
rule-address-in-address = une adresse écrite dans une autre
rule-mailmap = le fichier .mailmap du dépôt
rule-identities-file = une décision du fichier des identités
rule-machine-address = une adresse de machine au nom de l’identifiant ou du nom de la personne
rule-git-svn = le même identifiant dans Subversion (git-svn) et ailleurs
admin-why-rule = Rapprochées par { $rule } :
rule-login-as-name = son identifiant employé comme nom
rule-same-name = le même nom complet
rule-same-mailbox-name = la même boîte prénom.nom sur un autre domaine
rule-initial-and-surname = une initiale et le même nom de famille
value-unknown = inconnu
elephant-no-affiliation = Inconnu : aucune contribution ici ne vient d’un domaine de messagerie doté d’une règle d’affiliation ; ni les organisations impliquées ni le facteur éléphant ne peuvent être comptés. Les administrateurs ajoutent des règles depuis la page d’administration.
elephant-unaffiliated-share = { $percent } des contributions n’ont pas d’organisation connue (adresses personnelles, domaines sans règle) et sont laissées hors du facteur éléphant.
admin-bots = Robots
admin-bots-why = Ces comptes sont tenus pour des robots et écartés de tous les chiffres. Si l’un d’eux est une personne, dites-le : la décision est écrite dans le fichier des identités.
admin-no-bots = Aucun compte n’est tenu pour un robot.
admin-bot-suggestions = Comptes qui se comportent comme des robots
admin-bot-suggestions-why = Pas encore décidé. Indiquez si chacun est un robot : la décision est écrite dans le fichier des identités.
admin-mark-bot-label = Un autre compte est un robot : une de ses adresses électroniques
admin-is-bot = C’est un robot
admin-not-bot = Pas un robot
admin-bot-activities = { $count } activités
admin-done-bot = Enregistré : un robot. Il est écarté des chiffres dès maintenant.
admin-done-not-bot = Enregistré : pas un robot. Il est compté dans les chiffres dès maintenant.

## La page d’une adresse refusée comme une attaque du serveur (une 400)
refused-title = Adresse refusée
refused-path-climbs = Son chemin sort de son dossier.
refused-path-control = Son chemin contient des caractères de contrôle ou des barres obliques inverses.
refused-long = Un paramètre est plus long que tout nom.
refused-control = Un paramètre contient des caractères de contrôle.
refused-param-climbs = Un paramètre sort de son dossier.
refused-code = Un paramètre ressemble à du code, pas à un nom.
refused-advice = Vigie ne répond pas à cette adresse. Vérifiez-la, ou repartez de la synthèse.
refused-back = Aller à la synthèse

# Dette technique (docs/estate.md)
nav-technical-debt = Dette technique
technical-debt-title = Dette technique
estate-read = { $total ->
    [one] Contenu lu pour { $read_text } dépôt sur { $total_text } dans le périmètre
   *[other] Contenu lu pour { $read_text } dépôts sur { $total_text } dans le périmètre
}
estate-none = Aucun dépôt du périmètre n'a son contenu lu : les fichiers git-log portent des commits, pas des fichiers. Lisez les dépôts par URL ou chemin, ou indiquez des pointes enregistrées (heads) à côté des journaux (docs/estate.md).
estate-none-of-them = aucun
repository-estate = Ce dont il est fait
repository-estate-more = La page de dette technique le compare aux autres dépôts.
repository-estate-unread = Son contenu n'a pas été lu (fichier git-log sans pointe enregistrée) : docs/estate.md explique comment le lire.
estate-figures = Chiffres du patrimoine
estate-figure-ready = Prêts pour le nouveau cœur
estate-sentence-ready = { $ready_text } composants sur { $total_text } se construisent sur le cœur 8 sans import javax ; { $moving_text } de plus sont en route.
estate-figure-libyears = Retard interne (années)
estate-sentence-libyears = Ensemble, les composants citent des versions du patrimoine de { $years } ans plus anciennes que les dernières.
estate-figure-licence = Sans licence connue
estate-sentence-licence = { $count ->
    [one] { $count_text } composant sur { $total_text } n'a ni fichier de licence ni licence de pom que Vigie reconnaisse, ou deux qui se contredisent.
   *[other] { $count_text } composants sur { $total_text } n'ont ni fichier de licence ni licence de pom que Vigie reconnaisse, ou deux qui se contredisent.
}
estate-figure-readme = Sans README
estate-sentence-readme = { $count ->
    [one] { $count_text } composant n'a pas de README à sa racine.
   *[other] { $count_text } composants n'ont pas de README à leur racine.
}
estate-figure-contributing = Sans CONTRIBUTING
estate-sentence-contributing = { $count ->
    [one] { $count_text } composant ne dit pas comment contribuer.
   *[other] { $count_text } composants ne disent pas comment contribuer.
}
estate-figure-orphans = Risque d'orphelin
estate-sentence-orphans = { $count ->
    [0] Aucun composant dont d'autres dépendent n'est tenu par trop peu de personnes.
    [one] D'autres dépendent de { $top }, tenu par trop peu de personnes.
   *[other] D'autres dépendent de ceux-ci, tenus par trop peu de personnes : { $top }.
}
estate-caption = Chaque dépôt dont le contenu a été lu : où il en est du nouveau cœur, son retard interne, ses fichiers communautaires et sa licence
column-core-generation = Nouveau cœur
column-core-range = Cœur visé
column-javax-files = Fichiers important javax
column-libyears = Retard interne (années)
column-dependents = Dépendants
column-missing-files = Fichiers manquants
column-core-reasons = Jugé sur
column-orphan-risk = Risque d'orphelin
column-orphan-reason = Pourquoi
column-depends-on = Dépend de
column-declared = Version déclarée
column-newest = Dernière version
column-artifact = Artefact
column-used-by = Utilisé par
core-stage-ready = Prêt
core-stage-in-progress = En cours
core-stage-not-started = Pas commencé
core-stage-unknown = Inconnu
core-reason-range = cœur { $range }
core-reason-imports = { $javax_text } fichiers javax et { $jakarta_text } jakarta
core-reason-branch = branche { $branch }
dependents-direct-transitive = { $direct_text } directement, { $transitive_text } en tout
role-readme = README
role-licence = licence
role-contributing = CONTRIBUTING
role-code-of-conduct = code de conduite
role-security = SECURITY
role-changelog = CHANGELOG
licence-unrecognised = texte non reconnu
licence-inconsistent = le fichier dit { $files }, le pom dit { $poms }
licence-missing = aucune
orphan-risk-yes = à risque
orphan-risks-caption = Composants dont d'autres dépendent alors que peu de personnes les tiennent, les plus utilisés d'abord
orphan-reason-bus-factor = une personne ou personne n'a fait la moitié des contributions des 12 derniers mois
orphan-reason-gone = { $count ->
    [one] sa mainteneuse ou son mainteneur régulier s'éloigne ou est parti
   *[other] ses { $count_text } mainteneurs réguliers s'éloignent ou sont partis
}
dependency-graph-title = Qui s'appuie sur qui
dependency-graph-caption = Chaque trait relie un dépôt à un dépôt sur lequel il s'appuie, à sa gauche (pom parent ou dépendance) ; la couleur dit où chacun en est du nouveau cœur.
internal-dependencies-caption = Dépendances sur des artefacts que le patrimoine construit, et leur retard sur la dernière version (en années)
external-dependencies-caption = Dépendances sur des artefacts extérieurs au patrimoine, telles que déclarées, et de combien de versions la plus ancienne déclarée est en retard sur la dernière du dépôt Maven
version-managed = du parent
column-releases-behind = Versions de retard
freshness-not-in-repository = absent du dépôt Maven
freshness-unknown = inconnue
freshness-not-asked = pas encore demandée
freshness-never-asked = Aucune ingestion n'a encore demandé à un dépôt Maven la fraîcheur de ces { $total_text } artefacts : chaque ingestion la demande à sa fin ([estate] dans la configuration, docs/estate.md).
freshness-none-known = La fraîcheur de ces { $total_text } artefacts extérieurs est inconnue.
freshness-note = Fraîcheur selon le dépôt Maven : connue pour { $known_text } artefacts extérieurs sur { $total_text } ; { $absent_text } absents du dépôt, { $unknown_text } inconnus.
freshness-stale = { $count ->
    [one] Une réponse n'a pu être confirmée à la dernière ingestion : la précédente est affichée.
   *[other] { $count_text } réponses n'ont pu être confirmées à la dernière ingestion : les précédentes sont affichées.
}
freshness-why = Pourquoi inconnue : { $reason }
summary-estate = { $ready ->
    [one] { $ready_text } composant sur { $total_text } est passé au nouveau cœur.
   *[other] { $ready_text } composants sur { $total_text } sont passés au nouveau cœur.
}
column-code-gouv = code.gouv.fr
catalogue-code-gouv = Critères code.gouv.fr
catalogue-code-gouv-any = Peu importe
catalogue-code-gouv-at-least = { $count ->
    [one] au moins { $count_text } sur 10
   *[other] au moins { $count_text } sur 10
}
code-gouv-title = Critères de code.gouv.fr
code-gouv-score = { $score ->
    [one] { $score_text } des 10 critères du catalogue du secteur public est rempli.
   *[other] { $score_text } des 10 critères du catalogue du secteur public sont remplis.
}
code-gouv-met = rempli
code-gouv-not-met = non rempli
code-gouv-landing-page = Une page d'accueil en plus du dépôt
code-gouv-recent-release = Une version publiée dans les 6 derniers mois
code-gouv-recent-commit = Un commit dans les 6 derniers mois
code-gouv-logo = Un logo
code-gouv-roadmap = Une feuille de route
code-gouv-several-authors = Plus d'un auteur et plus d'une organisation
code-gouv-contributing = Comment contribuer (CONTRIBUTING)
code-gouv-changelog = Ce qui a changé (CHANGELOG)
code-gouv-code-of-conduct = Un code de conduite
code-gouv-governance = La gouvernance (GOVERNANCE)
code-gouv-no-file = aucun fichier de ce nom là où les catalogues regardent
code-gouv-no-homepage = aucune page d'accueil connue (la forge la donne)
code-gouv-tag = { $tag }, { $date }
code-gouv-no-tag = aucun tag
code-gouv-commit = le dernier le { $date }
code-gouv-no-commit = aucun commit
code-gouv-authors = { $authors ->
    [one] { $authors_text } auteur
   *[other] { $authors_text } auteurs
}, { $organisations ->
    [one] { $organisations_text } organisation connue
   *[other] { $organisations_text } organisations connues
}
code-gouv-unread = Son contenu n'a pas été lu : les critères que remplissent des fichiers ne peuvent être jugés.
summary-code-gouv = { $good ->
    [one] { $good_text } composant sur { $total_text } remplit au moins 7 des 10 critères de code.gouv.fr.
   *[other] { $good_text } composants sur { $total_text } remplissent au moins 7 des 10 critères de code.gouv.fr.
}
code-gouv-criterion = Critère, et ce sur quoi il est jugé
code-gouv-state = Rempli ?
publiccode-title = publiccode.yml
publiccode-none = Il n'a pas de publiccode.yml, le fichier que lisent les catalogues du secteur public. Vigie en rédige un brouillon d'après ses données ; complétez les valeurs marquées TO FILL et ajoutez-le à la racine du dépôt.
publiccode-draft = Télécharger un brouillon de publiccode.yml
publiccode-draft-contacts = Connecté comme gestionnaire de communauté, le brouillon nomme les mainteneurs réguliers comme contacts.
publiccode-valid = { $warnings ->
    [0] Son publiccode.yml (version { $version }) suit les règles du standard.
    [one] Son publiccode.yml (version { $version }) suit les règles du standard, avec un avertissement.
   *[other] Son publiccode.yml (version { $version }) suit les règles du standard, avec { $warnings_text } avertissements.
}
publiccode-invalid = { $errors ->
    [one] Son publiccode.yml (version { $version }) enfreint une des règles du standard ; les catalogues peuvent le refuser.
   *[other] Son publiccode.yml (version { $version }) enfreint { $errors_text } des règles du standard ; les catalogues peuvent le refuser.
}
publiccode-problems = Problèmes, dans l'ordre du fichier
column-line = Ligne
column-key = Clé
column-problem = Problème
column-fix = Comment le corriger
publiccode-error = erreur
publiccode-warning = avertissement
publiccode-archive = Le publiccode.yml de chaque dépôt, le sien ou un brouillon, avec un index de ce que les vérifications ont trouvé (zip)
code-gouv-declared = publiccode.yml { $key } : { $value }
nav-ggi = GGI
ggi-title = Tableau de bord GGI
ggi-not-configured = Aucun manuel GGI n'est configuré. Téléchargez conf/ggi_activities_full.json depuis le dépôt my-ggi-board de l'OSPO Alliance et indiquez-le dans vigie.toml : [governance] ggi_handbook = "chemin/vers/ggi_activities_full.json".
ggi-unreadable = Le manuel GGI ne peut pas être lu : { $why }
ggi-intro = Le manuel { $version } de la Good Governance Initiative de l'OSPO Alliance : 25 activités sous cinq objectifs. Un administrateur fixe l'état de chacune ; Vigie donne les éléments que ses données contiennent pour six d'entre elles, mesurés à nouveau après chaque collecte.
ggi-counts = { $done_text } terminées, { $progress_text } en cours, { $open_text } non retenues.
ggi-board = Chaque activité en fichier Markdown, dans la mise en page du tableau de bord de l'OSPO Alliance (zip)
ggi-points = { $count ->
    [one] Le point de vérification du manuel
   *[other] Les { $count_text } points de vérification du manuel
}
ggi-evidence = Ce que montrent les données
ggi-history = L'évolution des éléments, après chaque collecte où ils ont changé (les plus récents d'abord)
ggi-history-measured = Mesuré le
ggi-decisions = { $count ->
    [one] Une décision
   *[other] { $count_text } décisions
}
ggi-decide = Enregistrer la décision
ggi-decide-status = État
ggi-decide-notes = Notes (ce qui a été décidé, pourquoi)
ggi-done-decision = La décision est enregistrée.
ggi-error-handbook = Aucun manuel GGI n'a pu être lu : rien n'a été enregistré.
ggi-error-activity = Le manuel n'a pas cette activité : rien n'a été enregistré.
ggi-error-status = Ce n'est pas un état : rien n'a été enregistré.
ggi-error-notes = Les notes sont trop longues (4 000 caractères au plus) ou contiennent des caractères de contrôle : rien n'a été enregistré.
ggi-status-not-started = Non retenue
ggi-status-in-progress = En cours
ggi-status-done = Terminée
ggi-table = Le tableau de bord, une ligne par activité
column-activity = Activité
column-goal = Objectif
column-notes = Notes
column-evidence = Ce que montrent les données
ggi-definition-23 = Les dépendances déclarées dans les poms des dépôts du périmètre dont le contenu a été lu, distinguées selon qu'elles sont construites par le parc (internes) ou non (externes) ; la licence d'une dépendance interne est celle de son dépôt. Les licences des dépendances externes ne sont pas lues.
ggi-definition-24 = Les indicateurs clés de la page de synthèse, que Vigie calcule à partir des données de chaque collecte (définitions CHAOSS), pour la dernière période complète.
ggi-definition-25 = Parmi les dépôts du périmètre dont le contenu a été lu, la part qui a chaque fichier communautaire, et une licence connue (son fichier de licence ou ses poms en nomment une, et ils concordent) ; et parmi leurs fichiers sources, la part qui commence par un en-tête de licence.
ggi-definition-26 = Les contributions des personnes de l'organisation nommée dans [governance] organisation aux dépôts listés dans [governance] upstream, sur l'année jusqu'à la dernière activité.
ggi-definition-39 = Les demandes de modification ouvertes par les personnes de l'organisation dans les dépôts amont, sur l'année jusqu'à la dernière activité et l'année d'avant : « upstream first » se voit à un nombre qui monte.
ggi-definition-44 = Parmi les demandes de modification fusionnées sur l'année jusqu'à la dernière activité du périmètre (hors robots), la part qu'une autre personne que leur auteur a relue, ou dont elle a commenté le code, avant la fusion.
ggi-gap-no-contents = Aucun dépôt du périmètre n'a eu son contenu lu (une source git-log) : rien à mesurer.
ggi-gap-no-activity = Aucune activité dans le périmètre : les indicateurs ne peuvent pas être calculés.
ggi-gap-no-merged-changes = Aucune demande de modification fusionnée sur l'année du périmètre : pas de données de forge, ou aucune fusion.
ggi-gap-no-organisation = Non mesuré : [governance] organisation ne nomme pas l'organisation dont les personnes comptent.
ggi-gap-no-upstream = Non mesuré : aucun dépôt lu n'est listé dans [governance] upstream comme projet auquel l'organisation contribue.
ggi-measure-repositories-with-build = Dépôts dont les poms ont été lus
ggi-measure-internal-dependencies = Dépendances internes
ggi-measure-external-dependencies = Dépendances externes
ggi-measure-internal-with-licence = Dépendances internes de licence connue
ggi-measure-active-contributors = Contributeurs actifs
ggi-measure-new-contributors = Nouveaux contributeurs
ggi-measure-organisations = Organisations
ggi-measure-bus-factor = Facteur bus
ggi-measure-median-response-hours = Heures médianes avant une première réponse
ggi-measure-repositories-maintained = Dépôts maintenus
ggi-measure-repositories-read = Dépôts lus
ggi-measure-with-readme = Avec un README
ggi-measure-with-known-licence = Avec une licence connue
ggi-measure-with-contributing = Avec un fichier CONTRIBUTING
ggi-measure-with-code-of-conduct = Avec un code de conduite
ggi-measure-with-security = Avec une politique de sécurité
ggi-measure-merged-changes = Demandes de modification fusionnées
ggi-measure-reviewed-share = Relues d'abord par quelqu'un d'autre
ggi-measure-upstream-contributions = Contributions en amont
ggi-measure-upstream-contributors = Personnes ayant contribué en amont
ggi-measure-upstream-repositories = Dépôts amont où elles ont contribué
ggi-measure-upstream-change-requests = Demandes de modification ouvertes en amont
ggi-measure-upstream-change-requests-before = La même chose, un an plus tôt
mrl-title = Niveaux de maturité marché d'OW2 (MRL) : points de mesure
mrl-intro = Les points de mesure qu'OW2 recueille pour ses niveaux de maturité marché, tirés des données de ce dépôt. OW2 ne publie pas comment il les pondère : Vigie donne les valeurs, pas un niveau (docs/governance.md).
mrl-caption = Points de mesure MRL d'OW2
mrl-archive = Les points de mesure MRL d'OW2 de chaque dépôt (CSV)
column-data-point = Point de mesure
column-value = Valeur
mrl-active-users = Personnes à qui des tickets sont assignés (« active users » d'OW2 ; pas les utilisateurs du logiciel)
mrl-response = Temps moyen entre la création d'un ticket et sa dernière mise à jour (« average response time » d'OW2 ; pas une première réponse)
mrl-open-time = Temps avant la fermeture d'un ticket (« bug open time » d'OW2)
mrl-unanswered = Tickets ouverts sans commentaire (« unanswered bugs » d'OW2)
mrl-without-header = Fichiers sources sans en-tête de licence
mrl-licences = Licences distinctes trouvées
mrl-cty-1 = CTY-1 : deux contributeurs de code actifs d'organisations différentes (12 derniers mois)
mrl-cty-2 = CTY-2 : discussion publique au cours des 3 derniers mois
mrl-cty-5 = CTY-5 : contributions faciles listées pour les nouveaux venus
mrl-no-forge-data = pas de données de forge
mrl-unread = contenu non lu
mrl-unknown = inconnu
mrl-yes = Oui
mrl-no = Non
mrl-people = { $count ->
    [one] { $count_text } personne
   *[other] { $count_text } personnes
}
mrl-days = { $days } jours
mrl-open-time-value = moyenne { $mean }, médiane { $median }
mrl-no-closed = aucun ticket fermé
mrl-unanswered-value = { $count_text } des { $sampled_text } tickets ouverts de l'échantillon
mrl-without-header-value = { $count_text } sur { $files_text } ({ $share })
mrl-licences-value = { $count ->
    [0] aucune
   *[other] { $count_text } : { $names }
}
mrl-cty-1-value = { $people ->
    [0] personne n'a contribué de code
    [one] { $people_text } contributeur, dont { $unknown_text } d'organisation inconnue ; { $organisations }
   *[other] { $people_text } contributeurs, dont { $unknown_text } d'organisation inconnue ; { $organisations }
}
mrl-cty-2-value = { $events_text } tickets, demandes de modification, commentaires ou relectures par { $people_text } personnes
mrl-cty-2-none = Aucune vue sur la forge (les listes de diffusion et forums ne sont pas lus)
mrl-cty-5-none = Non : aucun ticket ouvert ne porte d'étiquette pour les nouveaux venus
mrl-csv-open-sampled = Tickets ouverts échantillonnés
mrl-csv-closed-sampled = Tickets fermés échantillonnés
mrl-csv-active-users = Personnes assignées
mrl-csv-response-minutes = Minutes avant la dernière mise à jour (moyenne)
mrl-csv-open-days = Jours avant fermeture (moyenne)
mrl-csv-open-days-median = Jours avant fermeture (médiane)
mrl-csv-unanswered = Tickets ouverts sans commentaire
mrl-csv-source-files = Fichiers sources
mrl-csv-without-header = Sans en-tête de licence
mrl-csv-licences = Licences
mrl-csv-cty-1 = CTY-1
mrl-csv-cty-2 = CTY-2
mrl-csv-cty-5 = Tickets ouverts pour nouveaux venus
ggi-measure-source-files = Fichiers sources lus
ggi-measure-with-licence-header = Fichiers sources avec un en-tête de licence
ggi-inventory = L'inventaire des dépendances : chaque artefact que déclarent les poms, qui le construit et sa licence
ggi-inventory-external = hors du parc
ggi-inventory-licence-unknown = inconnue
ggi-inventory-licence-unread = non lue (hors du parc)
column-built-by = Construit par
column-versions = Versions déclarées
