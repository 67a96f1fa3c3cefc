
UPDATE qualifications_qualification q SET
    active_regions = coalesce(a.regions, '{}'),
    active_institutions = coalesce(a.institutions, '{}')
FROM (
    SELECT q2.id,
           array_agg(DISTINCT o.voivodeship_id ORDER BY o.voivodeship_id)
               FILTER (WHERE o.voivodeship_id IS NOT NULL) AS regions,
           array_agg(DISTINCT r.institution_id ORDER BY r.institution_id)
               FILTER (WHERE r.institution_id IS NOT NULL) AS institutions
      FROM qualifications_qualification q2
      LEFT JOIN qualifications_certificationright r ON r.qualification_id = q2.id AND r.status = 'active'
      LEFT JOIN institutions_organisation o ON o.id = r.institution_id
     WHERE q2.id BETWEEN %(low)s AND %(high)s
     GROUP BY q2.id
) AS a
WHERE q.id = a.id
