# Worker image: an EC2 Image Builder pipeline that bakes a worker AMI (worker_ami_id) with everything a host needs
# before its first trial - Docker, Java 17, the worker jar, the systemd unit and the pinned Harbor image (plus
# worker_image_prepull, e.g. a spec's task images) already pulled - so a new host reaches its first trial in
# seconds instead of spending minutes installing and pulling. Off by default (build_worker_image); see README.md,
# "Worker image".

locals {
  image_builder  = var.build_worker_image
  worker_jar_key = "images/benchfleet-worker-${var.worker_image_version}.jar"
  image_pulls    = distinct(concat([var.harbor_image], var.worker_image_prepull))

  # AWSTOE document of the component (https://docs.aws.amazon.com/imagebuilder/latest/userguide/toe-use-documents.html)
  worker_component = templatefile("${path.module}/templates/worker-image-component.yaml.tftpl", {
    jobs_dir       = var.jobs_dir
    jar_dir        = dirname(var.worker_jar_path)
    worker_jar     = var.worker_jar_path
    java_bin       = var.java_bin
    bucket         = aws_s3_bucket.artifacts.bucket
    jar_key        = local.worker_jar_key
    worker_unit    = local.worker_unit
    region         = var.region
    images         = local.image_pulls
    ecr_registries = distinct([for image in local.image_pulls : split("/", image)[0] if can(regex("\\.dkr\\.ecr\\.", split("/", image)[0]))])
  })
}

data "aws_ssm_parameter" "worker_image_parent" {
  count = local.image_builder ? 1 : 0
  name  = var.worker_image_parent_ssm_parameter
}

resource "aws_s3_object" "worker_jar" {
  count = local.image_builder ? 1 : 0

  bucket = aws_s3_bucket.artifacts.bucket
  key    = local.worker_jar_key
  source = var.worker_jar_source
  etag   = var.worker_jar_source == "" ? null : filemd5(var.worker_jar_source)

  lifecycle {
    precondition {
      condition     = var.worker_jar_source != ""
      error_message = "build_worker_image needs worker_jar_source: the path of worker/target/worker-*-exec.jar."
    }
  }
}

resource "aws_imagebuilder_component" "worker" {
  count = local.image_builder ? 1 : 0

  name        = "${local.name}-worker"
  description = "benchfleet worker host: Docker, Java, worker jar and unit, pre-pulled Harbor image"
  platform    = "Linux"
  version     = var.worker_image_version
  data        = local.worker_component
}

resource "aws_imagebuilder_image_recipe" "worker" {
  count = local.image_builder ? 1 : 0

  name         = "${local.name}-worker"
  version      = var.worker_image_version
  parent_image = data.aws_ssm_parameter.worker_image_parent[0].value

  component {
    component_arn = aws_imagebuilder_component.worker[0].arn
  }

  block_device_mapping {
    device_name = var.worker_root_device_name

    ebs {
      volume_size           = var.worker_image_volume_size_gb
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }
}

resource "aws_iam_role" "image_builder" {
  count = local.image_builder ? 1 : 0

  name_prefix        = "${local.name}-imgbuild-"
  description        = "benchfleet worker image build instances (EC2 Image Builder)"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_instance_profile" "image_builder" {
  count = local.image_builder ? 1 : 0

  name_prefix = "${local.name}-imgbuild-"
  role        = aws_iam_role.image_builder[0].name
}

resource "aws_iam_role_policy_attachment" "image_builder_ssm" {
  count = local.image_builder ? 1 : 0

  role       = aws_iam_role.image_builder[0].name
  policy_arn = local.ssm_core_policy_arn
}

resource "aws_iam_role_policy_attachment" "image_builder_instance" {
  count = local.image_builder ? 1 : 0

  role       = aws_iam_role.image_builder[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/EC2InstanceProfileForImageBuilder"
}

data "aws_iam_policy_document" "image_builder" {
  count = local.image_builder ? 1 : 0

  # The worker jar, and nothing else of the bucket.
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.artifacts.arn}/${local.worker_jar_key}"]
  }

  dynamic "statement" {
    for_each = length(var.harbor_ecr_repository_arns) > 0 ? [1] : []
    content {
      actions   = ["ecr:GetAuthorizationToken"]
      resources = ["*"] # GetAuthorizationToken has no resource-level permissions
    }
  }

  dynamic "statement" {
    for_each = length(var.harbor_ecr_repository_arns) > 0 ? [1] : []
    content {
      actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      resources = var.harbor_ecr_repository_arns
    }
  }
}

resource "aws_iam_role_policy" "image_builder" {
  count = local.image_builder ? 1 : 0

  name   = "benchfleet-image-build"
  role   = aws_iam_role.image_builder[0].id
  policy = data.aws_iam_policy_document.image_builder[0].json
}

resource "aws_imagebuilder_infrastructure_configuration" "worker" {
  count = local.image_builder ? 1 : 0

  name                          = "${local.name}-worker"
  description                   = "Builds benchfleet worker images in a private subnet (NAT for packages and images)"
  instance_profile_name         = aws_iam_instance_profile.image_builder[0].name
  instance_types                = var.worker_image_instance_types
  subnet_id                     = aws_subnet.private[0].id
  security_group_ids            = [aws_security_group.worker.id]
  terminate_instance_on_failure = true

  instance_metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  tags = { Name = "${local.name}-worker-image" }
}

resource "aws_imagebuilder_distribution_configuration" "worker" {
  count = local.image_builder ? 1 : 0

  name = "${local.name}-worker"

  distribution {
    region = var.region

    ami_distribution_configuration {
      name        = "${local.name}-worker-${var.worker_image_version}-{{ imagebuilder:buildDate }}"
      description = "benchfleet worker ${var.worker_image_version}: Docker, Java 17, worker jar, ${var.harbor_image} pulled"
      ami_tags    = merge(local.common_tags, { Role = "worker", HarborImage = var.harbor_image })
    }
  }
}

resource "aws_imagebuilder_image_pipeline" "worker" {
  count = local.image_builder ? 1 : 0

  name                             = "${local.name}-worker"
  description                      = "Run on demand (README.md, Worker image); its AMI becomes worker_ami_id"
  image_recipe_arn                 = aws_imagebuilder_image_recipe.worker[0].arn
  infrastructure_configuration_arn = aws_imagebuilder_infrastructure_configuration.worker[0].arn
  distribution_configuration_arn   = aws_imagebuilder_distribution_configuration.worker[0].arn
  status                           = "ENABLED"

  image_tests_configuration {
    image_tests_enabled = true
    timeout_minutes     = 60
  }

  depends_on = [aws_s3_object.worker_jar]
}
